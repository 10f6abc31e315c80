using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Commands
{
    /// <summary>The line every user types: Import-Csv | New-AkoolTalkingPhoto | Wait-AkoolVideo | Save-AkoolVideo.</summary>
    public sealed class OneLinerTests
    {
        private const string OneLiner = "$rows | New-AkoolTalkingPhoto | Wait-AkoolVideo -PollInterval 0.5 | Save-AkoolVideo -Destination ./videos";

        [Fact]
        public async Task TenRowsTwoFailingGiveEightByteExactFilesAndTwoErrorsNamingTheFailedVideos()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();

            ScriptResult result = context.Run(ModuleTestContext.Rows(10, 3, 7) + OneLiner);

            Assert.Null(result.TerminatingError);
            var files = result.OutputOf<FileInfo>();
            Assert.Equal(8, files.Count);
            string[] expectedNames = Enumerable.Range(1, 10).Where(i => i != 3 && i != 7).Select(i => $"clip{i:000}.mp4").ToArray();
            Assert.Equal(expectedNames, context.Videos().Select(Path.GetFileName).ToArray());
            foreach (var job in context.Emulator.Jobs.Where(j => !j.Fails))
            {
                string file = Path.Combine(context.Folder, "videos", ModuleTestContext.FileOf(ModuleTestContext.RowOf(job)));
                Assert.Equal(context.Emulator.VideoBytes(job.Id), File.ReadAllBytes(file));
            }

            Assert.Equal(2, result.Errors.Count);
            Assert.All(result.Errors, e =>
            {
                Assert.Equal("AkoolVideoFailed", e.FullyQualifiedErrorId.Split(',')[0]);
                Assert.Equal(ErrorCategory.InvalidResult, e.CategoryInfo.Category);
                Assert.IsType<AkoolVideo>(e.TargetObject);
            });
            var failedIds = context.Emulator.Jobs.Where(j => j.Fails).Select(j => j.Id).OrderBy(i => i).ToArray();
            Assert.Equal(failedIds, result.Errors.Select(e => ((AkoolVideo)e.TargetObject).Id).OrderBy(i => i).ToArray());
            Assert.All(result.Errors, e => Assert.Contains(((AkoolVideo)e.TargetObject).Id, e.ErrorDetails.Message));
            Assert.Equal(10, context.Emulator.CreateCount);
            Assert.Empty(Directory.GetFiles(Path.Combine(context.Folder, "videos"), "*" + Akool.Client.VideoDownloader.PartialSuffix));
        }

        [Fact]
        public async Task SavedFilesArePlayableMp4()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();

            ScriptResult result = context.Run(ModuleTestContext.Rows(1) + OneLiner);

            Assert.Empty(result.Errors);
            byte[] bytes = File.ReadAllBytes(Assert.Single(context.Videos()));
            Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString(bytes, 4, 4));
        }

        [Fact]
        public async Task ProgressBarsAreShownAndClosed()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();

            ScriptResult result = context.Run(ModuleTestContext.Rows(4) + OneLiner);

            Assert.Empty(result.Errors);
            var waiting = result.Progress.Where(p => p.Activity == "Waiting for Akool videos").ToList();
            Assert.NotEmpty(waiting);
            Assert.Equal(ProgressRecordType.Completed, waiting.Last().RecordType);
            Assert.Single(waiting.Select(p => p.ActivityId).Distinct());
            var saving = result.Progress.Where(p => p.Activity == "Saving Akool videos").ToList();
            Assert.Equal(ProgressRecordType.Completed, saving.Last().RecordType);
        }

        [Fact]
        public async Task WhatIfOnNewCreatesNothing()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();

            ScriptResult result = context.Run(ModuleTestContext.Rows(3) + "$rows | New-AkoolTalkingPhoto -WhatIf");

            Assert.Empty(result.Errors);
            Assert.Empty(result.Output);
            Assert.Equal(0, context.Emulator.CreateCount);
        }

        [Fact]
        public async Task WhatIfOnSaveWritesNothing()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();

            ScriptResult result = context.Run(ModuleTestContext.Rows(2) + "$rows | New-AkoolTalkingPhoto | Wait-AkoolVideo -PollInterval 0.5 | Save-AkoolVideo -Destination ./videos -WhatIf");

            Assert.Empty(result.Errors);
            Assert.Empty(result.OutputOf<FileInfo>());
            Assert.False(Directory.Exists(Path.Combine(context.Folder, "videos")));
            Assert.Equal(2, context.Emulator.CreateCount);
        }

        [Fact]
        public async Task ExportCsvImportCsvRoundTripResumesAndKeepsNames()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();
            ScriptResult created = context.Run(ModuleTestContext.Rows(3) + "$rows | New-AkoolTalkingPhoto");
            var videos = created.OutputOf<AkoolVideo>();
            Assert.Equal(3, videos.Count);

            // What Export-Csv then Import-Csv gives back: every property as a string, in a [pscustomobject].
            ScriptResult saved = context.Run(
                "$imported = $videos | ForEach-Object { [pscustomobject]@{ Id = $_.Id; Status = [string]$_.Status; Name = $_.Name; VideoUrl = [string]$_.VideoUrl; CreatedAt = [string]$_.CreatedAt } }\n" +
                "$imported | Wait-AkoolVideo -PollInterval 0.5 | Save-AkoolVideo -Destination ./videos",
                new() { ["videos"] = videos.ToArray() });

            Assert.Empty(saved.Errors);
            Assert.Equal(new[] { "clip001.mp4", "clip002.mp4", "clip003.mp4" }, context.Videos().Select(Path.GetFileName).ToArray());
            Assert.Equal(3, context.Emulator.CreateCount);

            ScriptResult got = context.Run("$imported | Get-AkoolVideo");
            Assert.Equal(videos.Select(v => v.Name), got.OutputOf<AkoolVideo>().Select(v => v.Name));
            Assert.All(got.OutputOf<AkoolVideo>(), v => Assert.Equal(AkoolVideoStatus.Completed, v.Status));
        }

        [Theory]
        // Import-Csv of a header-only file writes nothing, so $rows holds AutomationNull, which pipes no record.
        [InlineData("function Read-HeaderOnlyCsv { }\n$rows = Read-HeaderOnlyCsv\n")]
        [InlineData("$rows = @()\n")]
        public async Task AnEmptyOrHeaderOnlyCsvSaysNoRowsOnceSendsNothingAndCreatesNoFolder(string rows)
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();

            ScriptResult result = context.Run(rows + OneLiner);

            Assert.Null(result.TerminatingError);
            Assert.Empty(result.Errors);
            Assert.Empty(result.Output);
            Assert.Contains("no rows", Assert.Single(result.Warnings), StringComparison.Ordinal);
            Assert.Equal(0, context.Emulator.CreateCount);
            Assert.False(Directory.Exists(Path.Combine(context.Folder, "videos")));
        }

        [Fact]
        public async Task UrlsTypedWithoutPipelineInputAreOneRowNotNone()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();

            ScriptResult result = context.Run("New-AkoolTalkingPhoto -TalkingPhotoUrl https://img.example.com/face1.jpg -AudioUrl https://audio.example.com/voice1.mp3 -Name typed");

            Assert.Empty(result.Errors);
            Assert.Empty(result.Warnings);
            Assert.Single(result.OutputOf<AkoolVideo>());
            Assert.Equal(1, context.Emulator.CreateCount);
        }

        [Fact]
        public async Task WaitOnFiftyVideosReturnsEachOnceCompleted()
        {
            // How soon after the last completion the wait ends is a measurement of the bench, not a test's.
            const double pollInterval = 1.0;
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();
            ScriptResult created = context.Run(ModuleTestContext.Rows(50) + "$rows | New-AkoolTalkingPhoto -ThrottleLimit 8");
            Assert.Equal(50, created.OutputOf<AkoolVideo>().Count);

            ScriptResult waited = context.Run("$videos | Wait-AkoolVideo -PollInterval " + pollInterval, new() { ["videos"] = created.OutputOf<AkoolVideo>().ToArray() });

            Assert.Empty(waited.Errors);
            Assert.Equal(created.OutputOf<AkoolVideo>().Select(v => v.Id).OrderBy(id => id, StringComparer.Ordinal), waited.OutputOf<AkoolVideo>().Select(v => v.Id).OrderBy(id => id, StringComparer.Ordinal));
            Assert.All(waited.OutputOf<AkoolVideo>(), v => Assert.Equal(AkoolVideoStatus.Completed, v.Status));
        }
    }
}
