using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Emulator;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Commands
{
    /// <summary>Saving rules (existing files, duplicates, unfinished videos), timeouts, and the 7-day expiry.</summary>
    public sealed class SaveAkoolVideoTests : IAsyncLifetime
    {
        private ModuleTestContext _context = null!;

        public async Task InitializeAsync()
        {
            _context = await ModuleTestContext.StartAsync();
            _context.Connect("-RetryInterval 0.05");
        }

        public async Task DisposeAsync() => await _context.DisposeAsync();

        private AkoolVideo[] Completed(int rows) =>
            _context.Run(ModuleTestContext.Rows(rows) + "$rows | New-AkoolTalkingPhoto | Wait-AkoolVideo -PollInterval 0.2").OutputOf<AkoolVideo>().ToArray();

        [Fact]
        public void TheSameVideoTwiceIsSavedOnceWithoutError()
        {
            AkoolVideo[] videos = Completed(1);

            ScriptResult result = _context.Run("@($v, $v) | Save-AkoolVideo -Destination ./videos", new() { ["v"] = videos[0] });

            Assert.Empty(result.Errors);
            Assert.Single(result.OutputOf<FileInfo>());
            Assert.Equal(1, _context.Emulator.Requests.Count(r => r.Endpoint == EmulatorEndpoints.Download));
        }

        [Fact]
        public void SkipExistingDoesNotTakeAJunkFileOrALinkOrAWrongSizedFileAsSaved()
        {
            AkoolVideo[] videos = Completed(3);
            string folder = Path.Combine(_context.Folder, "videos");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "clip001.mp4"), "abc");
            byte[] real = _context.Emulator.VideoBytes(videos.Single(v => v.Name == "clip002").Id);
            File.WriteAllBytes(Path.Combine(folder, "clip002.mp4"), real.Take(real.Length / 2).ToArray());
            File.WriteAllBytes(Path.Combine(_context.Folder, "elsewhere.mp4"), _context.Emulator.VideoBytes(videos.Single(v => v.Name == "clip003").Id));
            File.CreateSymbolicLink(Path.Combine(folder, "clip003.mp4"), Path.Combine(_context.Folder, "elsewhere.mp4"));

            ScriptResult result = _context.Run("$v | Save-AkoolVideo -Destination ./videos -SkipExisting", new() { ["v"] = videos });

            Assert.Empty(result.OutputOf<FileInfo>());
            Assert.Equal(new[] { "AkoolFileExists", "AkoolFileExists", "AkoolFileExists" }, result.ErrorIds);
            Assert.All(result.Errors, e => Assert.Equal(ErrorCategory.ResourceExists, e.CategoryInfo.Category));
            Assert.Equal("abc", File.ReadAllText(Path.Combine(folder, "clip001.mp4")));
        }

        [Fact]
        public void SkipExistingChecksAVideoGivenByIdAgainstTheServerBeforeTakingItsFileAsSaved()
        {
            AkoolVideo video = Completed(1)[0];
            string folder = Path.Combine(_context.Folder, "videos");
            Directory.CreateDirectory(folder);
            byte[] real = _context.Emulator.VideoBytes(video.Id);
            string file = Path.Combine(folder, "kept.mp4");
            File.WriteAllBytes(file, real.Take(real.Length / 2).ToArray());
            const string Save = "Save-AkoolVideo -Id $id -Name kept -Destination ./videos -SkipExisting";

            ScriptResult half = _context.Run(Save, new() { ["id"] = video.Id });

            Assert.Empty(half.OutputOf<FileInfo>());
            Assert.Equal(new[] { "AkoolFileExists" }, half.ErrorIds);
            Assert.Equal(real.Length / 2, new FileInfo(file).Length);

            File.WriteAllBytes(file, real);
            ScriptResult whole = _context.Run(Save, new() { ["id"] = video.Id });

            Assert.Empty(whole.Errors);
            Assert.Equal("kept.mp4", Assert.Single(whole.OutputOf<FileInfo>()).Name);
        }

        [Fact]
        public void TwoVideosWithOneNameInARunAreCaughtBeforeDownloadingAndTheSecondIsToldOfTheFirst()
        {
            AkoolVideo[] videos = Completed(2);

            ScriptResult result = _context.Run("Save-AkoolVideo -Id $a, $b -Name dup -Destination ./fresh", new() { ["a"] = videos[0].Id, ["b"] = videos[1].Id });

            Assert.Equal("dup.mp4", Assert.Single(result.OutputOf<FileInfo>()).Name);
            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("AkoolFileExists", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
            Assert.Contains(videos[0].Id, error.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.Contains(videos[1].Id, error.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.Equal(_context.Emulator.VideoBytes(videos[0].Id), File.ReadAllBytes(Path.Combine(_context.Folder, "fresh", "dup.mp4")));
            Assert.Equal(1, _context.Emulator.Requests.Count(r => r.Endpoint == EmulatorEndpoints.Download && r.Method == "GET"));
        }

        [Fact]
        public void TwoVideosOfOneBatchWantingOneFileKeepItForTheFirstAndNameBothIds()
        {
            AkoolVideo[] videos = Completed(2);

            ScriptResult result = _context.Run("Save-AkoolVideo -Id $ids -Name same -Destination ./videos", new() { ["ids"] = videos.Select(v => v.Id).ToArray() });

            Assert.Single(result.OutputOf<FileInfo>());
            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("AkoolFileExists", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains(videos[0].Id, error.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.Contains(videos[1].Id, error.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.Equal(_context.Emulator.VideoBytes(videos[0].Id), File.ReadAllBytes(Path.Combine(_context.Folder, "videos", "same.mp4")));
        }

        [Fact]
        public void SkipExistingNeverCreditsARowWithAnotherRowsVideoOfTheSameLength()
        {
            AkoolVideo[] videos = Completed(2);
            byte[] a = _context.Emulator.VideoBytes(videos[0].Id);
            byte[] b = _context.Emulator.VideoBytes(videos[1].Id);
            Assert.Equal(a.Length, b.Length);
            Directory.CreateDirectory(Path.Combine(_context.Folder, "videos"));
            File.WriteAllBytes(Path.Combine(_context.Folder, "videos", "dup.mp4"), b);

            ScriptResult result = _context.Run("Save-AkoolVideo -Id $a -Name dup -Destination ./videos -SkipExisting", new() { ["a"] = videos[0].Id });

            Assert.Empty(result.OutputOf<FileInfo>());
            Assert.Equal(new[] { "AkoolFileExists" }, result.ErrorIds);
            Assert.Equal(b, File.ReadAllBytes(Path.Combine(_context.Folder, "videos", "dup.mp4")));
        }

        [Fact]
        public void SavedFilesComeBackAsGetItemGivesThem()
        {
            AkoolVideo[] videos = Completed(1);

            ScriptResult result = _context.Run("$v | Save-AkoolVideo -Destination ./videos", new() { ["v"] = videos });

            PSObject file = Assert.Single(result.Output);
            Assert.IsType<FileInfo>(file.BaseObject);
            Assert.Equal("FileSystem", Assert.IsType<ProviderInfo>(file.Properties["PSProvider"].Value).Name);
            Assert.Equal("Microsoft.PowerShell.Core\\FileSystem::" + Path.Combine(_context.Folder, "videos"), file.Properties["PSParentPath"].Value);
            Assert.Equal("clip001.mp4", file.Properties["PSChildName"].Value);
            Assert.NotNull(file.Properties["PSDrive"]?.Value);
        }

        [Fact]
        public void AFailedVideoIsNotAdvisedToWaitAndANameWithControlCharactersIsEscaped()
        {
            AkoolVideo[] failed = _context.Run(ModuleTestContext.Rows(1, 1) + "$rows[0].Name = \"bad`e[31m`nname`u{202E}x\"\n" +
                "$v = $rows | New-AkoolTalkingPhoto\n$null = $v | Wait-AkoolVideo -PollInterval 0.2 -ErrorAction SilentlyContinue\n$v | Get-AkoolVideo")
                .OutputOf<AkoolVideo>().ToArray();
            AkoolVideo video = failed.Length > 0 ? failed[0] : null!;
            Assert.NotNull(video);

            ScriptResult result = _context.Run("$v | Save-AkoolVideo -Destination ./videos", new() { ["v"] = video });

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("AkoolVideoFailed", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.DoesNotContain("Wait-AkoolVideo", error.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("\n", error.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("\u001b", error.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("\u202E", error.ErrorDetails.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void SkipExistingEmitsTheFileWithoutDownloadingAndForceOverwrites()
        {
            AkoolVideo[] videos = Completed(2);
            Directory.CreateDirectory(Path.Combine(_context.Folder, "videos"));
            string kept = Path.Combine(_context.Folder, "videos", "clip001.mp4");
            File.WriteAllBytes(kept, _context.Emulator.VideoBytes(videos.Single(v => v.Name == "clip001").Id));
            DateTime keptAt = File.GetLastWriteTimeUtc(kept);

            ScriptResult skipped = _context.Run("$v | Save-AkoolVideo -Destination ./videos -SkipExisting", new() { ["v"] = videos });

            Assert.Empty(skipped.Errors);
            Assert.Equal(2, skipped.OutputOf<FileInfo>().Count);
            Assert.Equal(keptAt, File.GetLastWriteTimeUtc(kept));
            // The kept file was checked with a ranged GET of its last bytes (206); only the missing one was downloaded.
            Assert.Equal(1, _context.Emulator.Requests.Count(r => r.Endpoint == EmulatorEndpoints.Download && r.Method == "GET" && r.StatusCode == 200));
            File.WriteAllText(kept, "kept");

            ScriptResult forced = _context.Run("$v | Save-AkoolVideo -Destination ./videos -Force", new() { ["v"] = videos });

            Assert.Empty(forced.Errors);
            Assert.Equal(_context.Emulator.VideoBytes(videos.Single(v => v.Name == "clip001").Id), File.ReadAllBytes(Path.Combine(_context.Folder, "videos", "clip001.mp4")));
        }

        [Fact]
        public void AVideoThatIsNotCompletedSaysToWaitFirst()
        {
            _context.Emulator.Options.ProcessingTime = TimeSpan.FromHours(1);
            var video = _context.Run(ModuleTestContext.Rows(1) + "$rows | New-AkoolTalkingPhoto").OutputOf<AkoolVideo>().Single();

            ScriptResult result = _context.Run("Save-AkoolVideo -Id $id -Destination ./videos", new() { ["id"] = video.Id });

            Assert.Equal(new[] { "AkoolVideoNotCompleted" }, result.ErrorIds);
            Assert.Contains("Wait-AkoolVideo", result.Errors[0].ErrorDetails.Message);
            Assert.Empty(_context.Videos());
        }

        [Fact]
        public void WaitTimeoutNamesEachUnfinishedVideoAndHowToResume()
        {
            _context.Emulator.Options.ProcessingTime = TimeSpan.FromHours(1);
            var videos = _context.Run(ModuleTestContext.Rows(2) + "$rows | New-AkoolTalkingPhoto").OutputOf<AkoolVideo>();

            ScriptResult result = _context.Run("$v | Wait-AkoolVideo -Timeout 1 -PollInterval 0.2", new() { ["v"] = videos.ToArray() });

            Assert.Equal(new[] { "AkoolWaitTimeout", "AkoolWaitTimeout" }, result.ErrorIds);
            Assert.All(result.Errors, e => Assert.Equal(ErrorCategory.OperationTimeout, e.CategoryInfo.Category));
            foreach (AkoolVideo video in videos) Assert.Single(result.Errors, e => e.ErrorDetails.Message.Contains("Wait-AkoolVideo -Id " + video.Id, StringComparison.Ordinal));
            // Once Wait-AkoolVideo has returned, nothing keeps asking Akool in the background. A poll already on the
            // wire when the timeout struck (cancelled, but its request sent) may still reach the emulator just after;
            // no new one may start (polling on, every 0.2 s, would add several per video).
            int polls = _context.Emulator.Requests.Count(r => r.Endpoint == EmulatorEndpoints.Status);
            Eventually.Stays(() => _context.Emulator.Requests.Count(r => r.Endpoint == EmulatorEndpoints.Status) <= polls + videos.Count, TimeSpan.FromSeconds(1.5), "no new status requests after the timeout");
        }

        [Fact]
        public void AVideoWithinADayOfExpiryIsSavedWithAWarning()
        {
            _context.Emulator.Clock.Offset = -TimeSpan.FromDays(6.5);
            var video = _context.Run(ModuleTestContext.Rows(1) + "$rows | New-AkoolTalkingPhoto").OutputOf<AkoolVideo>().Single();
            _context.Emulator.Clock.Offset = TimeSpan.Zero;

            ScriptResult result = _context.Run("$v | Wait-AkoolVideo -PollInterval 0.2 | Save-AkoolVideo -Destination ./videos", new() { ["v"] = video });

            Assert.Empty(result.Errors);
            Assert.Single(result.OutputOf<FileInfo>());
            Assert.Equal(2, result.Warnings.Count(w => w.Contains("expires at", StringComparison.Ordinal) && w.Contains(video.Id, StringComparison.Ordinal)));
        }

        [Fact]
        public void AVideoPastItsSevenDaysIsAClearErrorWithoutADownloadAttempt()
        {
            _context.Emulator.Clock.Offset = -TimeSpan.FromDays(8);
            var video = _context.Run(ModuleTestContext.Rows(1) + "$rows | New-AkoolTalkingPhoto").OutputOf<AkoolVideo>().Single();
            _context.Emulator.Clock.Offset = TimeSpan.Zero;

            ScriptResult waited = _context.Run("$v | Wait-AkoolVideo -PollInterval 0.2", new() { ["v"] = video });
            ScriptResult saved = _context.Run("Save-AkoolVideo -Id $id -Destination ./videos", new() { ["id"] = video.Id });

            Assert.Equal(new[] { "AkoolVideoExpired" }, waited.ErrorIds);
            Assert.Equal(new[] { "AkoolVideoExpired" }, saved.ErrorIds);
            Assert.Contains("7 days", saved.Errors[0].ErrorDetails.Message);
            Assert.DoesNotContain(_context.Emulator.Requests, r => r.Endpoint == EmulatorEndpoints.Download);
        }

        [Fact]
        public void TheJournalHoldsIdsAndUrlsButNoCredential()
        {
            _context.Run(ModuleTestContext.Rows(3) + "$rows | New-AkoolTalkingPhoto -JournalPath ./batch.journal");

            string journal = File.ReadAllText(Path.Combine(_context.Folder, "batch.journal"));

            foreach (var job in _context.Emulator.Jobs) Assert.Contains(job.Id, journal);
            Assert.DoesNotContain(_context.Emulator.Options.ApiKey, journal);
            Assert.DoesNotContain(_context.Emulator.Options.ClientSecret, journal);
        }

        [Fact]
        public void TheWholeOneLinerWithVerboseAndDebugShowsNoSecret()
        {
            ScriptResult result = _context.Run("$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'\n" + ModuleTestContext.Rows(3, 2) +
                "$rows | New-AkoolTalkingPhoto -JournalPath ./j.journal | Wait-AkoolVideo -PollInterval 0.2 | Save-AkoolVideo -Destination ./videos");

            Assert.NotEmpty(result.Verbose);
            Assert.DoesNotContain(_context.Emulator.Options.ApiKey, result.AllText());
        }
    }
}
