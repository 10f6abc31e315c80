using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Emulator;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Faults
{
    /// <summary>
    /// Issue 12 #5 and #6. A pipeline that stops early (-ErrorAction Stop, $ErrorActionPreference = 'Stop', a
    /// failure downstream) still tells the user every video it had Akool make, and sends no row after the failure;
    /// a video piped back into New-AkoolTalkingPhoto (its own output, or an exported row with an Id) is refused
    /// instead of billed again, unless -Force.
    /// </summary>
    public sealed class StopAndResubmitTests : IAsyncLifetime
    {
        // Rows reach the cmdlet as fast as PowerShell binds them; this holds row 3 back until rows 1 and 2 have
        // reached Akool, so the test knows two videos were made (and billed) before the bad row is seen.
        private const string HoldRowThree =
            "ForEach-Object { if ($_.Name -eq 'clip003') { $until = [DateTime]::UtcNow.AddSeconds(20); " +
            "while ($emulator.CreateCount -lt 2 -and [DateTime]::UtcNow -lt $until) { [System.Threading.Thread]::Sleep(10) } }; $_ }";

        private ModuleTestContext _context = null!;

        public async Task InitializeAsync()
        {
            _context = await ModuleTestContext.StartAsync();
            _context.Connect("-MaximumRetryCount 1 -RetryInterval 0.05");
        }

        public async Task DisposeAsync() => await _context.DisposeAsync();

        [Theory]
        [InlineData("$rows | " + HoldRowThree + " | New-AkoolTalkingPhoto -ErrorAction Stop")]
        [InlineData("$ErrorActionPreference = 'Stop'\n$videos = $rows | " + HoldRowThree + " | New-AkoolTalkingPhoto")]
        public void ErrorActionStopWithoutAJournalNamesEveryVideoMadeAndSendsNoLaterRow(string pipeline)
        {
            ScriptResult result = _context.Run(ModuleTestContext.Rows(10) + "$rows[2].audio_url = ''\n" + pipeline, new() { ["emulator"] = _context.Emulator });

            // The bad row is the terminating error, as it would be without the fix.
            Assert.NotNull(result.TerminatingError);
            ErrorRecord error = result.TerminatingError!.ErrorRecord;
            Assert.Equal("AkoolInvalidInput", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains("Row 3", error.ErrorDetails.Message, StringComparison.Ordinal);

            // Rows 1 and 2 were made before row 3 was seen; no row after it was sent.
            EmulatedJob[] jobs = _context.Emulator.Jobs.ToArray();
            Assert.Equal(new[] { 1, 2 }, jobs.Select(ModuleTestContext.RowOf).OrderBy(r => r));
            Eventually.Stays(() => _context.Emulator.CreateCount == 2, TimeSpan.FromMilliseconds(300), "no create after the stop");

            // One warning names every video made, with its row's Name: it survives `$x = ...`, which loses the output.
            string warning = Assert.Single(result.Warnings, w => w.Contains(jobs[0].Id, StringComparison.Ordinal));
            foreach (EmulatedJob job in jobs)
            {
                Assert.Contains(job.Id, warning, StringComparison.Ordinal);
                Assert.Contains(ModuleTestContext.FileOf(ModuleTestContext.RowOf(job)).Replace(".mp4", string.Empty, StringComparison.Ordinal), warning, StringComparison.Ordinal);
                // And the terminating error carries them too: in its message and as objects for a catch block.
                Assert.Contains(job.Id, error.ErrorDetails.Message, StringComparison.Ordinal);
            }
            var attached = ((IEnumerable)error.Exception.Data["AkoolCreatedVideos"]!).Cast<AkoolVideo>().Select(v => v.Id).OrderBy(i => i, StringComparer.Ordinal);
            Assert.Equal(jobs.Select(j => j.Id).OrderBy(i => i, StringComparer.Ordinal), attached);
        }

        [Fact]
        public void AFailureDownstreamStillNamesEveryVideoMadeInOneWarning()
        {
            ScriptResult result = _context.Run(ModuleTestContext.Rows(10) +
                "$videos = $rows | New-AkoolTalkingPhoto | ForEach-Object { if ($_.Name -eq 'clip004') { throw 'boom' }; $_ }");

            Assert.NotNull(result.TerminatingError);
            Assert.Contains("boom", result.TerminatingError!.Message, StringComparison.Ordinal);
            EmulatedJob[] jobs = _context.Emulator.Jobs.ToArray();
            Assert.InRange(jobs.Length, 4, 10);
            string warning = Assert.Single(result.Warnings, w => w.Contains(jobs[0].Id, StringComparison.Ordinal));
            foreach (EmulatedJob job in jobs) Assert.Contains(job.Id, warning, StringComparison.Ordinal);
        }

        [Fact]
        public void ErrorActionStopOnAnApiFailureWritesTheVideosMadeBeforeTheError()
        {
            // Credit for two videos, four rows at once: two of rows 1-4 are refused by Akool (1104), a failure known
            // only after the round trip, and a video made for a later row must not be lost behind an earlier refusal.
            _context.Emulator.Credit = _context.Emulator.Options.CreditPerVideo * 2;

            ScriptResult result = _context.Run(ModuleTestContext.Rows(6) +
                "$seen = [System.Collections.Generic.List[object]]::new()\n" +
                "try { $rows | New-AkoolTalkingPhoto -ThrottleLimit 4 -ErrorAction Stop | ForEach-Object { $seen.Add($_) } } catch { $caught = $_ }\n" +
                "$seen\n$caught");

            Assert.Null(result.TerminatingError);
            var written = result.OutputOf<AkoolVideo>();
            ErrorRecord caught = Assert.Single(result.OutputOf<ErrorRecord>());
            Assert.Equal("AkoolQuotaExceeded", caught.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(2, _context.Emulator.CreateCount);
            Assert.Equal(_context.Emulator.Jobs.Select(j => j.Id).OrderBy(i => i, StringComparer.Ordinal), written.Select(v => v.Id).OrderBy(i => i, StringComparer.Ordinal));
            string warning = Assert.Single(result.Warnings);
            Assert.All(_context.Emulator.Jobs, j => Assert.Contains(j.Id, warning, StringComparison.Ordinal));
        }

        [Fact]
        public void ItsOwnOutputPipedBackIsRefusedPerRowAndNotBilledAgain()
        {
            ScriptResult first = _context.Run(ModuleTestContext.Rows(2) + "$rows | New-AkoolTalkingPhoto");
            AkoolVideo[] videos = first.OutputOf<AkoolVideo>().ToArray();
            Assert.Equal(2, videos.Length);

            ScriptResult again = _context.Run("$videos | New-AkoolTalkingPhoto", new() { ["videos"] = videos });

            Assert.Empty(again.Output);
            Assert.Equal(new[] { "AkoolAlreadyCreated", "AkoolAlreadyCreated" }, again.ErrorIds);
            Assert.All(again.Errors, e => Assert.Equal(ErrorCategory.ResourceExists, e.CategoryInfo.Category));
            Assert.Contains(videos[0].Id, again.Errors[0].ErrorDetails.Message, StringComparison.Ordinal);
            Assert.Contains("Row 1 ('clip001')", again.Errors[0].ErrorDetails.Message, StringComparison.Ordinal);
            Assert.Equal(2, _context.Emulator.CreateCount);
        }

        [Fact]
        public void AVideoPipedBackWithAnotherPhotoTypedIsANewVideoNotARepeat()
        {
            AkoolVideo video = _context.Run(ModuleTestContext.Rows(1) + "$rows | New-AkoolTalkingPhoto").OutputOf<AkoolVideo>().Single();

            ScriptResult result = _context.Run("$video | New-AkoolTalkingPhoto -TalkingPhotoUrl https://img.example.com/other-face.jpg", new() { ["video"] = video });

            Assert.Empty(result.Errors);
            Assert.Empty(result.Warnings);
            Assert.Equal(2, _context.Emulator.CreateCount);
            Assert.Equal("https://img.example.com/other-face.jpg", _context.Emulator.Jobs.Last().TalkingPhotoUrl);
        }

        [Theory]
        [InlineData("Id")]
        [InlineData("_id")]
        [InlineData("VideoId")]
        public void AnExportedRowWithAnIdIsRefusedAndForceReallySubmitsItAgain(string column)
        {
            AkoolVideo video = _context.Run(ModuleTestContext.Rows(1) + "$rows | New-AkoolTalkingPhoto").OutputOf<AkoolVideo>().Single();
            // What Import-Csv gives for a row of `New-AkoolTalkingPhoto | Export-Csv submitted.csv`: every property as text.
            string exported =
                "$row = [ordered]@{}\nforeach ($p in $video.PSObject.Properties) { $row[$p.Name] = \"$($p.Value)\" }\n" +
                "if ($column -ne 'Id') { $row[$column] = $row['Id']; $row.Remove('Id') }\n$row = [pscustomobject]$row\n";

            ScriptResult refused = _context.Run(exported + "$row | New-AkoolTalkingPhoto", new() { ["video"] = video, ["column"] = column });
            ScriptResult forced = _context.Run(exported + "$row | New-AkoolTalkingPhoto -Force", new() { ["video"] = video, ["column"] = column });

            Assert.Equal(new[] { "AkoolAlreadyCreated" }, refused.ErrorIds);
            Assert.Empty(refused.Output);
            Assert.Empty(forced.Errors);
            AkoolVideo made = Assert.Single(forced.OutputOf<AkoolVideo>());
            Assert.NotEqual(video.Id, made.Id);
            Assert.Equal("clip001", made.Name);
            Assert.Contains(forced.Warnings, w => w.Contains(video.Id, StringComparison.Ordinal) && w.Contains("-Force", StringComparison.Ordinal));
            Assert.Equal(2, _context.Emulator.CreateCount);
        }
    }
}
