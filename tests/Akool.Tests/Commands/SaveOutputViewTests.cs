using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Commands
{
    /// <summary>What the one-liner ends with on screen: the saved files as pwsh shows Get-Item's, under their folder.</summary>
    public sealed class SaveOutputViewTests
    {
        [Fact]
        public async Task SavedVideosRenderAsTheFileSystemTableWithTheirFolder()
        {
            var host = new TextCaptureHost();
            await using ModuleTestContext context = await ModuleTestContext.StartAsync(host: host);
            context.Connect();

            context.Run(ModuleTestContext.Rows(2) + "$rows | New-AkoolTalkingPhoto | Wait-AkoolVideo -PollInterval 0.2 | Save-AkoolVideo -Destination ./videos | Out-Default");

            string[] lines = host.Text.Split('\n');
            Assert.Contains(lines, l => l.Trim() == "Directory: " + Path.Combine(context.Folder, "videos"));
            foreach (string name in new[] { "clip001.mp4", "clip002.mp4" })
            {
                string row = lines.Single(l => l.TrimEnd().EndsWith(" " + name, StringComparison.Ordinal));
                // The mode column is filled (-rw-r--r-- or -a---), which a FileInfo that did not come through the provider leaves blank on Unix.
                Assert.Matches(new Regex(@"^\s*[-dlrwxsStTahl]{5,}\s"), row);
                Assert.Contains(new FileInfo(Path.Combine(context.Folder, "videos", name)).Length.ToString(System.Globalization.CultureInfo.InvariantCulture), row, StringComparison.Ordinal);
            }
        }
    }
}
