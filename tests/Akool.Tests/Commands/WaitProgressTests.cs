using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Commands
{
    /// <summary>
    /// What a user watches while a batch is made: a bar whose counts add up to the total (given first, so a narrow
    /// console cuts the time, not the total) with the time taken, and one line at the end that says how it went.
    /// </summary>
    public sealed class WaitProgressTests
    {
        private static readonly Regex Status = new Regex(@"^(\d+) videos: (\d+) done, (\d+) failed, (\d+) to go, (\d+h \d\dm|\d+m \d\ds|\d+s)$");

        [Fact]
        public async Task TheBarAddsUpAndTheWaitEndsWithOneLine()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();

            ScriptResult result = context.Run(ModuleTestContext.Rows(4, 2) + "$rows | New-AkoolTalkingPhoto | Wait-AkoolVideo -PollInterval 0.2");

            Assert.Equal(new[] { "AkoolVideoFailed" }, result.ErrorIds);
            Assert.Equal(3, result.OutputOf<AkoolVideo>().Count);
            Assert.Equal(3, result.Output.Count);
            var bar = result.Progress.Where(p => p.Activity == "Waiting for Akool videos").ToList();
            Assert.Equal(ProgressRecordType.Completed, bar.Last().RecordType);
            var shown = bar.Where(p => p.RecordType == ProgressRecordType.Processing).ToList();
            Assert.NotEmpty(shown);
            foreach (ProgressRecord record in shown)
            {
                Match counts = Status.Match(record.StatusDescription);
                Assert.True(counts.Success, record.StatusDescription);
                int Count(int group) => int.Parse(counts.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(Count(1), Count(2) + Count(3) + Count(4));
                // Pwsh's one-line bar shows the status after the activity: at 80 columns, this much fits whole.
                Assert.True(record.Activity.Length + record.StatusDescription.Length <= 70, record.StatusDescription);
            }
            // The last word of the bar agrees with what was printed: every video counted, the failure among them.
            Assert.StartsWith("4 videos: 3 done, 1 failed, 0 to go, ", shown.Last().StatusDescription, System.StringComparison.Ordinal);
            Assert.Equal(100, shown.Last().PercentComplete);

            string summary = Assert.Single(result.Information);
            Assert.Matches(@"^4 videos: 3 done, 1 failed, in \d+s\.$", summary);
        }

        [Fact]
        public async Task TheOneLinerEndsWithSaveAkoolVideosLineAlone()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();

            ScriptResult result = context.Run(ModuleTestContext.Rows(2) + "$files = $rows | New-AkoolTalkingPhoto | Wait-AkoolVideo -PollInterval 0.2 | Save-AkoolVideo -Destination ./videos\n$files");

            Assert.Empty(result.Errors);
            Assert.Equal(2, result.OutputOf<FileInfo>().Count);
            // Wait-AkoolVideo's line would land in the middle of Save-AkoolVideo's table: it is verbose there.
            string summary = Assert.Single(result.Information);
            Assert.Matches(@"^2 of 2 saved, \d+\.\d MB, in \d+s\.$", summary);
        }
    }
}
