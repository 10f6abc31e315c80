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
    /// New-AkoolSpeech -JournalPath: speech is billed per character, so a batch of texts run again with its journal
    /// pays for no speech twice, waits on the ones it created, and refuses the ones whose outcome it cannot know.
    /// </summary>
    public sealed class SpeechJournalTests
    {
        private const string Journal = "./speech.journal";

        private static string Texts(params string[] texts) =>
            "$rows = @(" + string.Join(", ", texts.Select((t, i) => $"[pscustomobject]@{{ Name = 's{i + 1}'; Text = '{t}'; Voice = 'Alice' }}")) + ")\n";

        private static Task<ModuleTestContext> StartFastAsync() => ModuleTestContext.StartAsync(o =>
        {
            // Spoken within a few of the harness's quick polls.
            o.QueueTime = TimeSpan.Zero;
            o.ProcessingTime = TimeSpan.FromMilliseconds(150);
        });

        private static string[] JournalStates(ModuleTestContext context) =>
            File.ReadAllLines(Path.Combine(context.Folder, "speech.journal")).Skip(1).Where(l => l.Length > 0)
                .Select(l => (string)JObject.Parse(l)["state"]!).ToArray();

        [Fact]
        public async Task ARerunWithTheJournalCreatesNoSpeechAgainAndWritesTheSameSpeeches()
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect();
            string rows = Texts("One.", "Two.", "Three.");

            ScriptResult first = context.Run(rows + $"$rows | New-AkoolSpeech -JournalPath {Journal} -Wait");
            string[] statesAfterFirst = JournalStates(context);
            ScriptResult second = context.Run(rows + $"$rows | New-AkoolSpeech -JournalPath {Journal} -Wait");

            Assert.Empty(first.Errors);
            Assert.Empty(second.Errors);
            Assert.Equal(3, context.Emulator.SpeechCount);
            Assert.Equal(first.OutputOf<AkoolSpeech>().Select(s => s.Id), second.OutputOf<AkoolSpeech>().Select(s => s.Id));
            Assert.All(second.OutputOf<AkoolSpeech>(), s => Assert.Equal(AkoolSpeechStatus.Completed, s.Status));
            Assert.Equal(new[] { "s1", "s2", "s3" }, second.OutputOf<AkoolSpeech>().Select(s => s.Name));
            Assert.Equal(3, statesAfterFirst.Count(s => s == "SpeechSubmitting"));
            Assert.Equal(3, statesAfterFirst.Count(s => s == "SpeechCompleted"));
            // A speech already journaled as spoken is looked up, not written again on every re-run.
            Assert.Equal(statesAfterFirst, JournalStates(context));
        }

        [Fact]
        public async Task SpeechCreatedWithoutWaitIsWaitedOnByTheRerunNotCreatedAgain()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync(o => o.ProcessingTime = TimeSpan.FromMinutes(5));
            context.Connect();
            string rows = Texts("Alpha.", "Beta.");

            ScriptResult accepted = context.Run(rows + $"$rows | New-AkoolSpeech -JournalPath {Journal}");
            // The speeches are spoken by the time the rerun asks, without waiting them out.
            context.Emulator.Clock.Advance(TimeSpan.FromMinutes(10));
            ScriptResult spoken = context.Run(rows + $"$rows | New-AkoolSpeech -JournalPath {Journal} -Wait");

            Assert.Empty(accepted.Errors);
            Assert.Empty(spoken.Errors);
            Assert.All(accepted.OutputOf<AkoolSpeech>(), s => Assert.NotEqual(AkoolSpeechStatus.Completed, s.Status));
            Assert.Equal(accepted.OutputOf<AkoolSpeech>().Select(s => s.Id), spoken.OutputOf<AkoolSpeech>().Select(s => s.Id));
            Assert.All(spoken.OutputOf<AkoolSpeech>(), s => Assert.False(string.IsNullOrEmpty(s.AudioUrl)));
            Assert.Equal(2, context.Emulator.SpeechCount);
            Assert.Equal(2, JournalStates(context).Count(s => s == "SpeechCreated"));
        }

        [Fact]
        public async Task ASpeechWhoseAnswerWasLostIsRefusedUntilForce()
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect("-MaximumRetryCount 0");
            string rows = Texts("Lost answer.");
            context.Emulator.Faults.DropConnection = FaultRule.Always(EmulatorEndpoints.SpeechCreate);

            ScriptResult lost = context.Run(rows + $"$rows | New-AkoolSpeech -JournalPath {Journal}");
            context.Emulator.Faults.DropConnection = FaultRule.Off;
            ScriptResult blocked = context.Run(rows + $"$rows | New-AkoolSpeech -JournalPath {Journal}");
            int speechesBeforeForce = context.Emulator.SpeechCount;
            ScriptResult forced = context.Run(rows + $"$rows | New-AkoolSpeech -JournalPath {Journal} -Force");

            Assert.Equal("AkoolCreateOutcomeUnknown", Assert.Single(lost.Errors).FullyQualifiedErrorId.Split(',')[0]);
            ErrorRecord refused = Assert.Single(blocked.Errors);
            Assert.Equal("AkoolAlreadySubmittedOutcomeUnknown", refused.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.ResourceExists, refused.CategoryInfo.Category);
            Assert.Equal("s1", Assert.IsType<AkoolSpeech>(refused.TargetObject).Name);
            Assert.Empty(blocked.Output);
            Assert.Equal(1, speechesBeforeForce);
            Assert.Empty(forced.Errors);
            Assert.Single(forced.OutputOf<AkoolSpeech>());
            Assert.Single(forced.Warnings, w => w.Contains("-Force", StringComparison.Ordinal));
            Assert.Equal(2, context.Emulator.SpeechCount);
        }

        [Fact]
        public async Task ASpeechAkoolCouldNotMakeIsCreatedAgainByTheRerunAndTheOthersAreNot()
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect();
            string rows = Texts("Fine.", "Please akool-fail.");

            ScriptResult first = context.Run(rows + $"$rows | New-AkoolSpeech -JournalPath {Journal} -Wait");
            ScriptResult second = context.Run(rows + $"$rows | New-AkoolSpeech -JournalPath {Journal} -Wait");

            Assert.Equal("AkoolSpeechFailed", Assert.Single(first.Errors).FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal("AkoolSpeechFailed", Assert.Single(second.Errors).FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(first.OutputOf<AkoolSpeech>().Single().Id, second.OutputOf<AkoolSpeech>().Single().Id);
            // Two creates in the first run, one (the failed text) in the second.
            Assert.Equal(3, context.Emulator.SpeechCount);
            Assert.Equal(2, context.Emulator.SpeechJobs.Count(s => s.InputText == "Please akool-fail."));
        }

        [Fact]
        public async Task WhatIfWithAJournalCreatesNeitherTheJournalNorASpeech()
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect();

            ScriptResult result = context.Run(Texts("Only a look.") + $"$rows | New-AkoolSpeech -JournalPath {Journal} -WhatIf");

            Assert.Empty(result.Errors);
            Assert.Empty(result.Output);
            Assert.False(File.Exists(Path.Combine(context.Folder, "speech.journal")));
            Assert.Equal(0, context.Emulator.SpeechCount);
        }

        [Fact]
        public async Task WhatIfOverJournaledSpeechesNeitherReadsThemAgainNorTouchesTheJournalAndARealRunThenDoes()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync(o => o.ProcessingTime = TimeSpan.FromMinutes(5));
            context.Connect();
            string rows = Texts("Alpha.", "Beta.");
            string journal = Path.Combine(context.Folder, "speech.journal");
            context.Run(rows + $"$rows | New-AkoolSpeech -JournalPath {Journal}");
            context.Emulator.Clock.Advance(TimeSpan.FromMinutes(10));
            byte[] before = File.ReadAllBytes(journal);

            // Reading a journaled speech again records it in the journal: -WhatIf (PowerShell's answer) stops that too.
            ScriptResult whatIf = context.Run(rows + $"$rows | New-AkoolSpeech -JournalPath {Journal} -Wait -WhatIf");
            byte[] afterWhatIf = File.ReadAllBytes(journal);
            ScriptResult real = context.Run(rows + $"$rows | New-AkoolSpeech -JournalPath {Journal} -Wait");

            Assert.Empty(whatIf.Errors);
            Assert.Empty(whatIf.Output);
            Assert.Equal(before, afterWhatIf);
            Assert.Empty(real.Errors);
            Assert.Equal(2, real.OutputOf<AkoolSpeech>().Count(s => s.Status == AkoolSpeechStatus.Completed));
            Assert.Equal(2, JournalStates(context).Count(s => s == "SpeechCompleted"));
            Assert.Equal(2, context.Emulator.SpeechCount);
        }

        [Fact]
        public async Task OneJournalServesNewAkoolSpeechAndATextRowOfTheSameTextWithoutMistakingOneForTheOther()
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect();
            const string Row = "$row = [pscustomobject]@{ Name = 'same'; talking_photo_url = 'https://img.example.com/face.jpg'; Text = 'Shared words.'; Voice = 'Alice' }\n";

            ScriptResult speech = context.Run(Row + $"$row | New-AkoolSpeech -JournalPath {Journal} -Wait");
            ScriptResult video = context.Run(Row + $"$row | New-AkoolTalkingPhoto -JournalPath {Journal}");
            ScriptResult speechAgain = context.Run(Row + $"$row | New-AkoolSpeech -JournalPath {Journal} -Wait");

            Assert.Empty(speech.Errors);
            Assert.Empty(video.Errors);
            Assert.Empty(speechAgain.Errors);
            // The text row made its own speech and video; the speech alone was not paid for again.
            Assert.Equal(2, context.Emulator.SpeechCount);
            Assert.Equal(1, context.Emulator.CreateCount);
            Assert.Equal(speech.OutputOf<AkoolSpeech>().Single().Id, speechAgain.OutputOf<AkoolSpeech>().Single().Id);
        }
    }
}
