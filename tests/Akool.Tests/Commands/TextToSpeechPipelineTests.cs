using System;
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
    /// Issue 15: a CSV of photos and scripts (Name, talking_photo_url, Text, Voice) goes through the one-liner: each
    /// row's text is spoken by Akool's TTS, then becomes a video of that speech, journaled so a re-run pays nothing again.
    /// </summary>
    public sealed class TextToSpeechPipelineTests
    {
        private const string OneLiner = "$rows | New-AkoolTalkingPhoto | Wait-AkoolVideo -PollInterval 0.2 | Save-AkoolVideo -Destination ./videos";

        private static readonly EmulatedVoice Sarah = AkoolEmulator.Voices.Single(v => v.Name == "Sarah");

        /// <summary>Rows as Import-Csv makes them from examples/script.csv's columns; a row's Voice is a name or a voice_id.</summary>
        private static string ScriptRows(params (string Text, string Voice)[] rows) =>
            "$rows = @(" + string.Join(", ", rows.Select((r, i) =>
                $"[pscustomobject]@{{ Name = 'talk{i + 1}'; talking_photo_url = 'https://img.example.com/face{i + 1}.jpg'; Text = '{r.Text}'; Voice = '{r.Voice}' }}")) + ")\n";

        private static Task<ModuleTestContext> StartFastAsync() => ModuleTestContext.StartAsync(o =>
        {
            // Spoken within a few of the harness's quick polls.
            o.QueueTime = TimeSpan.Zero;
            o.ProcessingTime = TimeSpan.FromMilliseconds(150);
        });

        [Fact]
        public async Task TextRowsMakeOneVideoPerRowThroughTheOneLiner()
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect();

            ScriptResult result = context.Run(ScriptRows(("Hello from Alice.", "Alice"), ("Brian here.", "brian"), ("And Sarah.", Sarah.VoiceId)) + OneLiner);

            Assert.Null(result.TerminatingError);
            Assert.Empty(result.Errors);
            Assert.Equal(new[] { "talk1.mp4", "talk2.mp4", "talk3.mp4" }, context.Videos().Select(Path.GetFileName).ToArray());
            Assert.Equal(3, context.Emulator.SpeechCount);
            Assert.Equal(3, context.Emulator.CreateCount);
            var speeches = context.Emulator.SpeechJobs;
            Assert.Equal(new[] { "Alice", "Brian", "Sarah" }, speeches.Select(s => s.Voice.Name).OrderBy(n => n).ToArray());
            foreach (EmulatedJob job in context.Emulator.Jobs)
            {
                // Each video speaks its own row's speech: the speech's MP3 is its audio_url.
                EmulatedSpeech speech = Assert.Single(speeches, s => job.AudioUrl.Contains(s.Id, StringComparison.Ordinal));
                int row = int.Parse(job.TalkingPhotoUrl.Split("face")[1].Split('.')[0], System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(new[] { "Hello from Alice.", "Brian here.", "And Sarah." }[row - 1], speech.InputText);
            }

            // The voice lists (Akool's and the account's) were read once for the whole batch.
            Assert.Equal(2, context.Emulator.Requests.Count(r => r.Endpoint == EmulatorEndpoints.VoiceList));
        }

        [Fact]
        public async Task TheExampleScriptCsvMakesOneVideoPerRow()
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect();
            var rows = Scripts.ExampleTests.ReadCsv(Path.Combine(RepositoryPaths.Root, "examples", "script.csv")).ToArray();

            ScriptResult result = context.Run("$scriptRows" + OneLiner.Substring("$rows".Length), new() { ["scriptRows"] = rows });

            Assert.Empty(result.Errors);
            Assert.Equal(new[] { "bienvenida.mp4", "product-tour.mp4", "support.mp4", "welcome.mp4" }, context.Videos().Select(Path.GetFileName).ToArray());
            Assert.Equal(4, context.Emulator.SpeechCount);
            Assert.Equal(4, context.Emulator.CreateCount);
        }

        [Fact]
        public async Task ARerunWithTheJournalPaysForNoSpeechAndNoVideoAgain()
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect();
            string rows = ScriptRows(("One.", "Alice"), ("Two.", "Brian"), ("Three.", "Sarah"));

            ScriptResult first = context.Run(rows + "$rows | New-AkoolTalkingPhoto -JournalPath ./tts.journal");
            ScriptResult second = context.Run(rows + "$rows | New-AkoolTalkingPhoto -JournalPath ./tts.journal");

            Assert.Empty(first.Errors);
            Assert.Empty(second.Errors);
            Assert.Equal(3, context.Emulator.SpeechCount);
            Assert.Equal(3, context.Emulator.CreateCount);
            Assert.Equal(first.OutputOf<AkoolVideo>().Select(v => v.Id), second.OutputOf<AkoolVideo>().Select(v => v.Id));
            string[] states = File.ReadAllLines(Path.Combine(context.Folder, "tts.journal")).Skip(1).Where(l => l.Length > 0)
                .Select(l => (string)JObject.Parse(l)["state"]!).ToArray();
            Assert.Equal(3, states.Count(s => s == "SpeechSubmitting"));
            Assert.Equal(3, states.Count(s => s == "SpeechCompleted"));
            Assert.Equal(3, states.Count(s => s == "Created"));
        }

        [Fact]
        public async Task ARowWhoseVideoWasRefusedAfterItsSpeechCreatesOnlyTheVideoOnTheRerun()
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect("-MaximumRetryCount 0");
            string rows = ScriptRows(("One.", "Alice"), ("Two.", "Brian"));
            context.Emulator.Faults.Http503 = FaultRule.Always(EmulatorEndpoints.Create);

            ScriptResult first = context.Run(rows + "$rows | New-AkoolTalkingPhoto -JournalPath ./tts.journal");
            context.Emulator.Faults.Http503 = FaultRule.Off;
            ScriptResult second = context.Run(rows + "$rows | New-AkoolTalkingPhoto -JournalPath ./tts.journal");

            Assert.Equal(2, first.Errors.Count);
            Assert.Empty(second.Errors);
            Assert.Equal(2, context.Emulator.SpeechCount);
            Assert.Equal(2, context.Emulator.CreateCount);
            Assert.Equal(context.Emulator.SpeechJobs.Select(s => s.Id).OrderBy(i => i),
                context.Emulator.Jobs.Select(j => context.Emulator.SpeechJobs.Single(s => j.AudioUrl.Contains(s.Id, StringComparison.Ordinal)).Id).OrderBy(i => i));
        }

        [Fact]
        public async Task AFailedSpeechIsReportedForItsRowAndTheOtherRowsGoOn()
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect();

            ScriptResult result = context.Run(ScriptRows(("First.", "Alice"), ("Please akool-fail now.", "Brian"), ("Third.", "Sarah")) + OneLiner);

            Assert.Null(result.TerminatingError);
            Assert.Equal(new[] { "talk1.mp4", "talk3.mp4" }, context.Videos().Select(Path.GetFileName).ToArray());
            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("AkoolSpeechFailed", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.InvalidResult, error.CategoryInfo.Category);
            AkoolSpeech speech = Assert.IsType<AkoolSpeech>(error.TargetObject);
            Assert.Equal(AkoolSpeechStatus.Failed, speech.Status);
            Assert.Equal("talk2", speech.Name);
            Assert.Contains("Row 2", error.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.Equal(3, context.Emulator.SpeechCount);
            Assert.Equal(2, context.Emulator.CreateCount);
        }

        [Fact]
        public async Task InvalidTextRowsAreRefusedBeforeAnythingIsBilled()
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect();
            string rows = "$rows = @(" +
                "[pscustomobject]@{ Name = 'both'; talking_photo_url = 'https://img.example.com/f.jpg'; audio_url = 'https://audio.example.com/a.mp3'; Text = 'Hi.'; Voice = 'Alice' }, " +
                "[pscustomobject]@{ Name = 'empty'; talking_photo_url = 'https://img.example.com/f.jpg'; audio_url = ''; Text = '  '; Voice = 'Alice' }, " +
                "[pscustomobject]@{ Name = 'long'; talking_photo_url = 'https://img.example.com/f.jpg'; audio_url = ''; Text = 'This text is too long.'; Voice = 'Alice' }, " +
                "[pscustomobject]@{ Name = 'novoice'; talking_photo_url = 'https://img.example.com/f.jpg'; audio_url = ''; Text = 'Hi.'; Voice = '' }, " +
                "[pscustomobject]@{ Name = 'unknown'; talking_photo_url = 'https://img.example.com/f.jpg'; audio_url = ''; Text = 'Hi.'; Voice = 'Nobody' })\n";

            ScriptResult result = context.Run(rows + "$rows | New-AkoolTalkingPhoto -SpeechCharacterLimit 10");

            Assert.Empty(result.Output);
            Assert.Equal(
                new[] { "AkoolInvalidInput", "AkoolInvalidInput", "AkoolInvalidInput", "AkoolInvalidInput", "AkoolVoiceNotFound" },
                result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).ToArray());
            Assert.Equal(ErrorCategory.ObjectNotFound, result.Errors[4].CategoryInfo.Category);
            Assert.All(result.Errors.Take(4), e => Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category));
            Assert.Equal(0, context.Emulator.SpeechCount);
            Assert.Equal(0, context.Emulator.CreateCount);
        }

        [Fact]
        public async Task WithErrorActionStopABadTextRowEndsTheBatchWhenItIsReadAndNoLaterRowIsSpoken()
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect();
            string rows = ScriptRows(("First.", "Alice"), ("No such voice.", "Nobody"), ("Third.", "Alice"), ("Fourth.", "Alice"));

            ScriptResult result = context.Run(rows + "$rows | New-AkoolTalkingPhoto -ErrorAction Stop");

            Assert.Equal("AkoolVoiceNotFound", result.ErrorIds.Single());
            Assert.Contains("Row 2", result.Errors[0].ErrorDetails.Message, StringComparison.Ordinal);
            // Refused as it is read, like a bad audio row: the rows after it are never bound, so never billed.
            Assert.DoesNotContain(context.Emulator.SpeechJobs, s => s.InputText == "Third." || s.InputText == "Fourth.");
        }

        [Fact]
        public async Task WhatIfShowsTheCharactersThatWouldBeBilledAndSendsNothing()
        {
            var host = new TextCaptureHost();
            await using ModuleTestContext context = await ModuleTestContext.StartAsync(host: host);
            context.Connect();

            ScriptResult result = context.Run(ScriptRows(("Twelve chars", "Alice")) + "$rows | New-AkoolTalkingPhoto -WhatIf");

            Assert.Empty(result.Errors);
            Assert.Contains("speech of 12 characters in voice 'Alice'", host.Text, StringComparison.Ordinal);
            Assert.Equal(0, context.Emulator.SpeechCount);
            Assert.Equal(0, context.Emulator.CreateCount);
        }

        [Fact]
        public async Task ASpeechWhoseAnswerWasLostBlocksItsRowUntilForce()
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect("-MaximumRetryCount 0");
            string rows = ScriptRows(("Lost answer.", "Alice"));
            context.Emulator.Faults.DropConnection = FaultRule.Always(EmulatorEndpoints.SpeechCreate);

            ScriptResult lost = context.Run(rows + "$rows | New-AkoolTalkingPhoto -JournalPath ./tts.journal");
            context.Emulator.Faults.DropConnection = FaultRule.Off;
            ScriptResult blocked = context.Run(rows + "$rows | New-AkoolTalkingPhoto -JournalPath ./tts.journal");
            int speechesBeforeForce = context.Emulator.SpeechCount;
            ScriptResult forced = context.Run(rows + "$rows | New-AkoolTalkingPhoto -JournalPath ./tts.journal -Force");

            Assert.Equal("AkoolCreateOutcomeUnknown", Assert.Single(lost.Errors).FullyQualifiedErrorId.Split(',')[0]);
            ErrorRecord refused = Assert.Single(blocked.Errors);
            Assert.Equal("AkoolAlreadySubmittedOutcomeUnknown", refused.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.ResourceExists, refused.CategoryInfo.Category);
            Assert.Equal(1, speechesBeforeForce);
            Assert.Empty(forced.Errors);
            Assert.Single(forced.OutputOf<AkoolVideo>());
            Assert.Equal(2, context.Emulator.SpeechCount);
            Assert.Equal(1, context.Emulator.CreateCount);
        }

        [Fact]
        public async Task NewAkoolSpeechWaitWritesSpokenSpeechThatPipesIntoAVideo()
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect();

            ScriptResult result = context.Run(
                "$speech = New-AkoolSpeech -Text 'Hello there.' -Voice Alice -Name hello -Wait\n" +
                "$speech\n" +
                "$speech | New-AkoolTalkingPhoto -TalkingPhotoUrl https://img.example.com/face.jpg\n" +
                "New-AkoolSpeech -Text 'Please akool-fail.' -Voice Brian -Wait\n" +
                "New-AkoolSpeech -Text 'x' -Voice Nobody\n");

            AkoolSpeech speech = Assert.Single(result.OutputOf<AkoolSpeech>());
            Assert.Equal(AkoolSpeechStatus.Completed, speech.Status);
            Assert.Equal("hello", speech.Name);
            Assert.Equal(12, speech.Characters);
            EmulatedJob job = Assert.Single(context.Emulator.Jobs);
            Assert.Equal(speech.AudioUrl, job.AudioUrl);
            Assert.Equal("hello", Assert.Single(result.OutputOf<AkoolVideo>()).Name);
            Assert.Equal(new[] { "AkoolSpeechFailed", "AkoolVoiceNotFound" }, result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).ToArray());
            Assert.Equal(2, context.Emulator.SpeechCount);
        }

        [Fact]
        public async Task NewAkoolSpeechWithoutWaitWritesTheSpeechAsAccepted()
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect();

            ScriptResult result = context.Run("@([pscustomobject]@{ Text = 'One.'; voice_id = '" + Sarah.VoiceId + "' }, [pscustomobject]@{ Text = 'Two.'; voice_id = 'Brian' }) | New-AkoolSpeech");

            Assert.Empty(result.Errors);
            // The two creates run at once, so the emulator may number them in either order; the output follows the
            // input: each speech written is the one the emulator made of its row's text.
            var textById = context.Emulator.SpeechJobs.ToDictionary(s => s.Id, s => s.InputText);
            Assert.Equal(new[] { "One.", "Two." }, result.OutputOf<AkoolSpeech>().Select(s => textById[s.Id]));
            Assert.All(result.OutputOf<AkoolSpeech>(), s => Assert.NotEqual(AkoolSpeechStatus.Failed, s.Status));
        }

        [Fact]
        public async Task NewAkoolSpeechWithErrorActionStopWritesTheSpeechesMadeBeforeABadInputAndSpeaksNoneAfterIt()
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect();

            // What the pipeline wrote before the stop is collected as it goes (a terminating error drops Invoke's output).
            ScriptResult result = context.Run("$written = [System.Collections.Generic.List[object]]::new()\n" +
                "try { @([pscustomobject]@{ Text = 'One.'; Voice = 'Alice' }, [pscustomobject]@{ Text = ' '; Voice = 'Alice' }, " +
                "[pscustomobject]@{ Text = 'Three.'; Voice = 'Alice' }) | New-AkoolSpeech -ErrorAction Stop | ForEach-Object { $written.Add($_) } }\n" +
                "catch { $stoppedBy = $_.FullyQualifiedErrorId }\n$written\n\"stopped by $stoppedBy\"");

            Assert.Contains("stopped by AkoolInvalidInput,", result.Output.Select(o => o.BaseObject).OfType<string>().Single(), StringComparison.Ordinal);
            // The bad input stops the run when it is read: the first speech is made only if it was already sent, and
            // then it is written before the stop.
            Assert.Equal(context.Emulator.SpeechJobs.Select(s => s.Id), result.OutputOf<AkoolSpeech>().Select(s => s.Id));
            Assert.DoesNotContain(context.Emulator.SpeechJobs, s => s.InputText == "Three.");
        }

        [Fact]
        public async Task NewAkoolSpeechStoppedByAFailureDownstreamNamesEverySpeechItCreatedInOneWarning()
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect();
            string rows = "$rows = 1..6 | ForEach-Object { [pscustomobject]@{ Name = \"s$_\"; Text = \"Line $_.\"; Voice = 'Alice' } }\n";

            // `$x = ...` loses the output of a pipeline that fails: the warning is what is left of the ids.
            ScriptResult result = context.Run(rows + "$speeches = $rows | New-AkoolSpeech | ForEach-Object { if ($_.Name -eq 's2') { throw 'boom' }; $_ }");

            Assert.NotNull(result.TerminatingError);
            Assert.Contains("boom", result.TerminatingError!.Message, StringComparison.Ordinal);
            string warning = Assert.Single(result.Warnings, w => w.Contains("New-AkoolSpeech stopped early", StringComparison.Ordinal));
            Assert.NotEmpty(context.Emulator.SpeechJobs);
            foreach (EmulatedSpeech speech in context.Emulator.SpeechJobs) Assert.Contains(speech.Id, warning, StringComparison.Ordinal);
            Assert.Contains("Save-AkoolSpeech -Id", warning, StringComparison.Ordinal);
        }

        [Fact]
        public async Task NewAkoolSpeechWaitShowsABarOfSpokenSpeechesThatIsClosedAtTheEnd()
        {
            // Spoken well after the bar's next turn (it is redrawn at most every 250 ms), so it shows both rows.
            await using ModuleTestContext context = await ModuleTestContext.StartAsync(o => { o.QueueTime = TimeSpan.Zero; o.ProcessingTime = TimeSpan.FromMilliseconds(800); });
            context.Connect();

            ScriptResult result = context.Run("@([pscustomobject]@{ Text = 'One.'; Voice = 'Alice' }, [pscustomobject]@{ Text = 'Please akool-fail.'; Voice = 'Brian' }) | New-AkoolSpeech -Wait");

            Assert.Single(result.OutputOf<AkoolSpeech>());
            var bar = result.Progress.Where(p => p.Activity == "Waiting for Akool speeches").ToList();
            Assert.Contains(bar, p => p.RecordType == ProgressRecordType.Processing && p.StatusDescription.Contains(" of 2 spoken", StringComparison.Ordinal));
            Assert.Equal(ProgressRecordType.Completed, bar.Last().RecordType);
            Assert.Single(bar, p => p.RecordType == ProgressRecordType.Completed);
        }

        [Fact]
        public async Task NewAkoolSpeechThrottleLimitOneSendsOneCreateAtATime()
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect();
            TimeSpan latency = TimeSpan.FromMilliseconds(300);
            context.Emulator.Faults.Latency = latency;

            ScriptResult result = context.Run("1..3 | ForEach-Object { [pscustomobject]@{ Text = \"Line $_.\"; Voice = 'Alice' } } | New-AkoolSpeech -ThrottleLimit 1");

            Assert.Empty(result.Errors);
            Assert.Equal(3, result.OutputOf<AkoolSpeech>().Count);
            // Each create took the emulator at least the latency to answer; one at a time, none can start before the
            // one before it was answered (at the default 4 they all arrive together).
            DateTimeOffset[] creates = context.Emulator.Requests.Where(r => r.Endpoint == EmulatorEndpoints.SpeechCreate).Select(r => r.Time).OrderBy(t => t).ToArray();
            Assert.Equal(3, creates.Length);
            for (int i = 1; i < creates.Length; i++) Assert.True(creates[i] - creates[i - 1] >= latency * 0.9, $"create {i + 1} came {(creates[i] - creates[i - 1]).TotalMilliseconds:0} ms after the one before");
        }

        [Fact]
        public async Task VoiceCompletesOnNewAkoolTalkingPhoto()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();
            const string Complete = "[System.Management.Automation.CommandCompletion]::CompleteInput($line, $line.Length, $null).CompletionMatches | ForEach-Object { $_.CompletionText }";

            string[] matches = context.Run(Complete, new() { ["line"] = "New-AkoolTalkingPhoto -Voice Bri" }).Output.Select(o => o.ToString()).ToArray();

            Assert.Equal(new[] { "Brian" }, matches);
        }
    }
}
