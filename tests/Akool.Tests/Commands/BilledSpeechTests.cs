using System;
using System.Collections;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Emulator;
using Akool.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;

namespace Akool.Tests.Commands
{
    /// <summary>
    /// A speech is billed like a video, so it follows the same protocol: repeats are warned and journaled, an early
    /// stop names every billed speech, a speech from the journal is read again before a billed video uses it, only an
    /// absolute http(s) MP3 URL goes into a video create, and a re-run reads the journal before the voices.
    /// </summary>
    public sealed class BilledSpeechTests
    {
        private static string TextRows(params (string Text, string Voice)[] rows) =>
            "$rows = @(" + string.Join(", ", rows.Select((r, i) =>
                $"[pscustomobject]@{{ Name = 'talk{i + 1}'; talking_photo_url = 'https://img.example.com/face{i + 1}.jpg'; Text = '{r.Text}'; Voice = '{r.Voice}' }}")) + ")\n";

        // Holds the third input back until two speeches were billed, so the test knows what the stop must name.
        private const string HoldThird =
            "ForEach-Object { if ($_.Name -eq 'talk3') { $until = [DateTime]::UtcNow.AddSeconds(20); " +
            "while ($emulator.SpeechCount -lt 2 -and [DateTime]::UtcNow -lt $until) { [System.Threading.Thread]::Sleep(10) } }; $_ }";

        private static Task<ModuleTestContext> StartAsync(TimeSpan processing) => ModuleTestContext.StartAsync(o =>
        {
            o.QueueTime = TimeSpan.FromMilliseconds(50);
            o.ProcessingTime = processing;
        });

        private static JObject[] JournalLines(ModuleTestContext context, string file) =>
            File.ReadAllLines(Path.Combine(context.Folder, file)).Skip(1).Where(l => l.Length > 0).Select(JObject.Parse).ToArray();

        [Theory]
        [InlineData("$rows | New-AkoolTalkingPhoto -JournalPath ./tts.journal")]
        [InlineData("$rows | New-AkoolSpeech -JournalPath ./tts.journal")]
        public async Task ASpeechCreateSentAgainAfter503IsWarnedAndJournaled(string pipeline)
        {
            await using ModuleTestContext context = await StartAsync(TimeSpan.FromMilliseconds(200));
            context.Connect("-MaximumRetryCount 5 -RetryInterval 0.05");
            context.Emulator.Faults.Http503 = FaultRule.Always(EmulatorEndpoints.SpeechCreate);

            using RunningScript running = context.Begin(TextRows(("Once.", "Alice")) + pipeline);
            Eventually.True(() => context.Emulator.Requests.Count(r => r.Endpoint == EmulatorEndpoints.SpeechCreate) >= 2, TimeSpan.FromSeconds(10), "a repeat");
            context.Emulator.Faults.Http503 = FaultRule.Off;
            await running.Completion.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(1, context.Emulator.SpeechCount);
            Assert.Contains(running.Streams.Warning, w => w.Message.Contains("speech create is being sent again", StringComparison.Ordinal));
            JObject created = Assert.Single(JournalLines(context, "tts.journal"), l => (string?)l["state"] == "SpeechCreated");
            Assert.True((int?)created["repeats"] >= 1, created.ToString());
            Assert.Contains("503", (string?)created["repeated_after"], StringComparison.Ordinal);
        }

        [Fact]
        public async Task ErrorActionStopAfterTextRowsWereSpokenNamesTheBilledSpeechesAndStopsPromptly()
        {
            await using ModuleTestContext context = await StartAsync(TimeSpan.FromSeconds(60));
            context.Connect();
            var clock = Stopwatch.StartNew();

            ScriptResult result = context.Run(TextRows(("One.", "Alice"), ("Two.", "Brian"), ("Three.", "Nobody")) + "$rows | " + HoldThird + " | New-AkoolTalkingPhoto -ErrorAction Stop",
                new() { ["emulator"] = context.Emulator });

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(40), $"the stop took {clock.Elapsed}; the speeches take a minute");
            ErrorRecord error = result.TerminatingError!.ErrorRecord;
            Assert.Equal("AkoolVoiceNotFound", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(2, context.Emulator.SpeechCount);
            Assert.Equal(0, context.Emulator.CreateCount);
            string warning = Assert.Single(result.Warnings, w => w.Contains("stopped early", StringComparison.Ordinal));
            var attached = ((IEnumerable)error.Exception.Data["AkoolCreatedSpeeches"]!).Cast<AkoolSpeech>().Select(s => s.Id).OrderBy(i => i, StringComparer.Ordinal);
            Assert.Equal(context.Emulator.SpeechJobs.Select(s => s.Id).OrderBy(i => i, StringComparer.Ordinal), attached);
            foreach (EmulatedSpeech speech in context.Emulator.SpeechJobs)
            {
                Assert.Contains(speech.Id, warning, StringComparison.Ordinal);
                Assert.Contains(speech.Id, error.ErrorDetails.Message, StringComparison.Ordinal);
            }
        }

        [Fact]
        public async Task NewAkoolSpeechWaitWithErrorActionStopReportsABadThirdInputPromptlyAndNamesTheBilledSpeeches()
        {
            await using ModuleTestContext context = await StartAsync(TimeSpan.FromSeconds(60));
            context.Connect();
            var clock = Stopwatch.StartNew();

            ScriptResult result = context.Run(TextRows(("One.", "Alice"), ("Two.", "Alice"), (" ", "Alice")) + "$rows | " + HoldThird + " | New-AkoolSpeech -Wait -ErrorAction Stop",
                new() { ["emulator"] = context.Emulator });

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(40), $"the stop took {clock.Elapsed}; the speeches take a minute");
            ErrorRecord error = result.TerminatingError!.ErrorRecord;
            Assert.Equal("AkoolInvalidInput", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains("Speech 3", error.ErrorDetails.Message, StringComparison.Ordinal);
            string warning = Assert.Single(result.Warnings, w => w.Contains("New-AkoolSpeech stopped early", StringComparison.Ordinal));
            Assert.Equal(2, ((IEnumerable)error.Exception.Data["AkoolCreatedSpeeches"]!).Cast<AkoolSpeech>().Count());
            foreach (EmulatedSpeech speech in context.Emulator.SpeechJobs) Assert.Contains(speech.Id, warning, StringComparison.Ordinal);
        }

        [Fact]
        public async Task ARerunReadsTheSpeechAgainAndReportsAnExpiredOneInsteadOfBillingAVideoOfIt()
        {
            await using ModuleTestContext context = await StartAsync(TimeSpan.FromMilliseconds(200));
            context.Connect("-MaximumRetryCount 0");
            string rows = TextRows(("Spoken long ago.", "Alice"));
            context.Emulator.Faults.Http503 = FaultRule.Always(EmulatorEndpoints.Create);
            ScriptResult first = context.Run(rows + "$rows | New-AkoolTalkingPhoto -JournalPath ./tts.journal");
            context.Emulator.Faults.Http503 = FaultRule.Off;
            // Days later: Akool no longer serves the speech's MP3.
            context.Emulator.Clock.Offset = context.Emulator.Options.ResultLifetime + TimeSpan.FromDays(1);

            ScriptResult second = context.Run(rows + "$rows | New-AkoolTalkingPhoto -JournalPath ./tts.journal");

            Assert.Equal("AkoolServerUnavailable", Assert.Single(first.Errors).FullyQualifiedErrorId.Split(',')[0]);
            ErrorRecord expired = Assert.Single(second.Errors);
            Assert.Equal("AkoolSpeechExpired", expired.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.ResourceUnavailable, expired.CategoryInfo.Category);
            Assert.Contains("Row 1", expired.ErrorDetails.Message, StringComparison.Ordinal);
            // The first run's refused create is the only one ever sent.
            Assert.Equal(1, context.Emulator.Requests.Count(r => r.Endpoint == EmulatorEndpoints.Create));
            Assert.Equal(0, context.Emulator.CreateCount);
            Assert.Equal(1, context.Emulator.SpeechCount);
        }

        [Theory]
        [InlineData("file:///etc/passwd")]
        [InlineData("speech/relative.mp3")]
        public async Task OnlyAnAbsoluteHttpUrlFromAkoolsSpeechAnswerGoesIntoTheBilledVideoCreate(string preview)
        {
            await using ModuleTestContext context = await StartAsync(TimeSpan.FromMilliseconds(200));
            context.Connect();
            context.Emulator.Faults.SpeechPreview = preview;

            ScriptResult result = context.Run(TextRows(("Hello.", "Alice")) + "$rows | New-AkoolTalkingPhoto");

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("AkoolInvalidResponse", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.InvalidResult, error.CategoryInfo.Category);
            Assert.DoesNotContain(context.Emulator.Requests, r => r.Endpoint == EmulatorEndpoints.Create);
        }

        [Fact]
        public async Task ARerunPassesOnAVideoTheJournalHasEvenWhenTheVoiceListIsDown()
        {
            await using ModuleTestContext context = await StartAsync(TimeSpan.FromMilliseconds(200));
            context.Connect("-MaximumRetryCount 0");
            string rows = TextRows(("Made once.", "Alice"));
            AkoolVideo made = Assert.Single(context.Run(rows + "$rows | New-AkoolTalkingPhoto -JournalPath ./tts.journal").OutputOf<AkoolVideo>());
            context.Emulator.Faults.Http503 = FaultRule.Always(EmulatorEndpoints.VoiceList);

            ScriptResult rerun = context.Run(rows + "$rows | New-AkoolTalkingPhoto -JournalPath ./tts.journal");

            Assert.Empty(rerun.Errors);
            Assert.Equal(made.Id, Assert.Single(rerun.OutputOf<AkoolVideo>()).Id);
            Assert.Equal(1, context.Emulator.SpeechCount);
            Assert.Equal(1, context.Emulator.CreateCount);
        }

        [Fact]
        public async Task SpeechTimeoutSecBoundsTheWaitForASpeech()
        {
            await using ModuleTestContext context = await StartAsync(TimeSpan.FromSeconds(60));
            context.Connect();

            ScriptResult result = context.Run("New-AkoolSpeech -Text 'Slow.' -Voice Alice -Wait -SpeechTimeoutSec 1");

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("AkoolWaitTimeout", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
            Assert.Contains("-SpeechTimeoutSec", error.ErrorDetails.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task ASpeechPipedInBeforeItIsSpokenIsNamedWithItsBilledId()
        {
            await using ModuleTestContext context = await StartAsync(TimeSpan.FromSeconds(60));
            context.Connect();

            ScriptResult result = context.Run("New-AkoolSpeech -Text 'Not yet.' -Voice Alice | New-AkoolTalkingPhoto -TalkingPhotoUrl https://img.example.com/face.jpg");

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("AkoolInvalidInput", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains(Assert.Single(context.Emulator.SpeechJobs).Id, error.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.Contains("New-AkoolSpeech -Wait", error.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.Equal(0, context.Emulator.CreateCount);
        }
    }
}
