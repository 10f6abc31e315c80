using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Emulator;
using Akool.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;

namespace Akool.Tests.Commands
{
    /// <summary>
    /// Get-AkoolVoice in the hosted engine against the emulator: its filters, its errors, its table at 120 columns,
    /// Tab completion of voices, and the speech object's binding into New-AkoolTalkingPhoto.
    /// </summary>
    public sealed class GetAkoolVoiceTests
    {
        private const string Complete = "[System.Management.Automation.CommandCompletion]::CompleteInput($line, $line.Length, $null).CompletionMatches | ForEach-Object { $_.CompletionText }";

        // A function with a -Voice parameter, as New-AkoolTalkingPhoto and New-AkoolSpeech will have.
        private const string VoiceFunction = "function Test-Voice { param([ArgumentCompleter([Akool.Completion.VoiceCompleter])] [string] $Voice, [Akool.AkoolConnection] $Connection) $Voice }\n";

        private static IEnumerable<EmulatedVoice> AkoolVoices => AkoolEmulator.Voices.Where(v => !v.Own);

        [Fact]
        public async Task WithoutParametersItListsEveryAkoolVoiceAndNoneOfTheAccounts()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();

            ScriptResult result = context.Run("Get-AkoolVoice");

            Assert.Empty(result.Errors);
            List<AkoolVoice> voices = result.OutputOf<AkoolVoice>();
            Assert.Equal(AkoolVoices.Select(v => v.VoiceId).OrderBy(x => x), voices.Select(v => v.VoiceId).OrderBy(x => x));
            Assert.All(voices, v => Assert.False(v.Own));
            AkoolVoice alice = voices.Single(v => v.Name == "Alice");
            EmulatedVoice expected = AkoolEmulator.Voices.Single(v => v.Name == "Alice");
            Assert.Equal((expected.Id, expected.VoiceId, "Female", "English", "en-GB", "en"), (alice.Id, alice.VoiceId, alice.Gender, alice.Language, alice.Locale, alice.LanguageCode));
            Assert.Contains("News", alice.Tags);
            Assert.NotNull(alice.PreviewUrl);
            Assert.Equal(alice.VoiceId, alice.ToString());

            // 12 voices at 100 a page: one call.
            Assert.Single(context.Emulator.Requests, r => r.Endpoint == EmulatorEndpoints.VoiceList);
        }

        [Theory]
        [InlineData("-Gender Male")]
        [InlineData("-Language en")]
        [InlineData("-Language English")]
        [InlineData("-Language en-GB")]
        [InlineData("-Language 'fr*','de'")]
        [InlineData("-Name 'Al*'")]
        [InlineData("-Name alice")]
        [InlineData("-Name Xb7hH8MSUJpSbSDYk0k2")]
        [InlineData("-Language en -Gender Female")]
        [InlineData("-Own")]
        [InlineData("-Own -Language en-GB")]
        public async Task TheFiltersSelectExactlyTheMatchingVoices(string parameters)
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();
            Func<EmulatedVoice, bool> expected = parameters switch
            {
                "-Gender Male" => v => !v.Own && v.Gender == "Male",
                "-Language en" => v => !v.Own && v.LanguageCode == "en",
                "-Language English" => v => !v.Own && v.Language == "English",
                "-Language en-GB" => v => !v.Own && v.Locale == "en-GB",
                "-Language 'fr*','de'" => v => !v.Own && (v.LanguageCode == "fr" || v.LanguageCode == "de"),
                "-Name 'Al*'" or "-Name alice" or "-Name Xb7hH8MSUJpSbSDYk0k2" => v => v.Name == "Alice",
                "-Language en -Gender Female" => v => !v.Own && v.LanguageCode == "en" && v.Gender == "Female",
                "-Own" => v => v.Own,
                "-Own -Language en-GB" => v => v.Own && v.Locale == "en-GB",
                _ => throw new ArgumentOutOfRangeException(nameof(parameters)),
            };

            ScriptResult result = context.Run("Get-AkoolVoice " + parameters);

            Assert.Empty(result.Errors);
            string[] wanted = AkoolEmulator.Voices.Where(expected).Select(v => v.Name).OrderBy(n => n).ToArray();
            Assert.NotEmpty(wanted);
            Assert.Equal(wanted, result.OutputOf<AkoolVoice>().Select(v => v.Name).OrderBy(n => n).ToArray());
        }

        [Fact]
        public async Task GenderIsAskedOfAkoolAndOwnListsTypeOne()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();

            context.Run("Get-AkoolVoice -Gender Female; Get-AkoolVoice -Own");

            List<RecordedRequest> lists = context.Emulator.Requests.Where(r => r.Endpoint == EmulatorEndpoints.VoiceList).ToList();
            Assert.Equal(2, lists.Count);
            Assert.Contains("type=2", lists[0].Path, StringComparison.Ordinal);
            Assert.Contains("gender=Female", lists[0].Path, StringComparison.Ordinal);
            Assert.Contains("type=1", lists[1].Path, StringComparison.Ordinal);
        }

        [Fact]
        public async Task ANameWithoutWildcardsThatMatchesNothingIsAnErrorAndTheOthersStillCome()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();

            ScriptResult result = context.Run("Get-AkoolVoice -Name Alice, Nobody, 'Zz*'");

            Assert.Equal("Alice", Assert.Single(result.OutputOf<AkoolVoice>()).Name);
            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("AkoolVoiceNotFound,Akool.Commands.GetAkoolVoiceCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Equal("Nobody", error.TargetObject);
        }

        [Fact]
        public async Task WithoutAConnectionItStopsWithNotConnected()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();

            ScriptResult result = context.Run("Get-AkoolVoice");

            Assert.Equal(new[] { "AkoolNotConnected" }, result.ErrorIds);
            Assert.Equal(ErrorCategory.ConnectionError, result.Errors[0].CategoryInfo.Category);
            Assert.Empty(context.Emulator.Requests);
        }

        [Fact]
        public async Task AnApiFailureIsReportedWithItsIdAndCategory()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect("-MaximumRetryCount 0");
            context.Emulator.Faults.Http503 = FaultRule.Always(EmulatorEndpoints.VoiceList);

            ScriptResult result = context.Run("Get-AkoolVoice");

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.StartsWith("AkoolServerUnavailable,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Equal(ErrorCategory.ResourceUnavailable, error.CategoryInfo.Category);
            Assert.Empty(result.Output);
        }

        [Fact]
        public async Task VoicesRenderAsATableThatFitsIn120Columns()
        {
            var host = new TextCaptureHost();
            await using ModuleTestContext context = await ModuleTestContext.StartAsync(host: host);
            context.Connect();

            // Format-Table is not in the test runspace; Out-Default renders the default (table) view, as the shell does.
            ScriptResult run = context.Run("Get-AkoolVoice | Out-Default; Get-AkoolVoice -Own | Out-Default");
            Assert.Empty(run.Errors);

            string[] lines = host.Text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
            Assert.Contains(lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).SequenceEqual(new[] { "Name", "VoiceId", "Locale", "Gender", "Tags" }));
            Assert.All(lines, l => Assert.True(l.Length <= 120, "longer than 120: " + l));
            foreach (EmulatedVoice voice in AkoolEmulator.Voices)
            {
                // Every voice on a line of its own, with its whole voice_id, its locale and its gender.
                string line = Assert.Single(lines, l => l.Contains(voice.VoiceId, StringComparison.Ordinal));
                Assert.Contains(voice.Locale, line, StringComparison.Ordinal);
                Assert.Contains(voice.Gender, line, StringComparison.Ordinal);
                Assert.Contains(voice.Own ? "* " + voice.Name : voice.Name, line, StringComparison.Ordinal);
            }

            Assert.Contains(lines, l => l.Contains("Confident, News", StringComparison.Ordinal));
        }

        [Fact]
        public async Task SpeechRendersAsATable()
        {
            var host = new TextCaptureHost();
            await using ModuleTestContext context = await ModuleTestContext.StartAsync(host: host);

            context.Run("$speech | Out-Default", new() { ["speech"] = CompletedSpeech("hello-1") });

            string[] lines = host.Text.Split('\n');
            Assert.Contains(lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).SequenceEqual(new[] { "Id", "Status", "Name", "Url" }));
            Assert.Contains(lines, l => l.Contains("https://cdn.example.com/speech/s1.mp3", StringComparison.Ordinal) && l.Contains("Completed", StringComparison.Ordinal));
        }

        [Theory]
        [InlineData("Akool.AkoolVoice", typeof(AkoolVoice))]
        [InlineData("Akool.AkoolSpeech", typeof(AkoolSpeech))]
        public void TheTableAndListViewsNameOnlyRealProperties(string typeName, Type type)
        {
            // Format-List is not in the test runspace: check the views themselves against the type.
            var document = System.Xml.Linq.XDocument.Load(System.IO.Path.Combine(RepositoryPaths.Root, "src", "Akool", "Akool.Format.ps1xml"));
            var views = document.Descendants("View").Where(v => (string?)v.Element("ViewSelectedBy")?.Element("TypeName") == typeName).ToList();

            Assert.Equal(new[] { "TableControl", "ListControl" }, views.Select(v => v.Elements().Last().Name.LocalName));
            var names = views.SelectMany(v => v.Descendants("PropertyName")).Select(p => p.Value).Distinct().ToList();
            Assert.All(names, n => Assert.NotNull(type.GetProperty(n)));
            var listed = views[1].Descendants("ListItem").Select(i => (string?)i.Element("PropertyName") ?? (string?)i.Element("Label")).ToList();
            Assert.Equal(type.GetProperties().Select(p => p.Name).Except(new[] { "Tags", "AudioUrl", "IsFinal", "BaseUri" }).OrderBy(n => n), listed.OrderBy(n => n));
        }

        [Theory]
        [InlineData("Get-AkoolVoice -Name Al", new[] { "Alice" })]
        [InlineData("Get-AkoolVoice -Name 'my n", new[] { "'My Narrator'" })]
        [InlineData("Test-Voice -Voice Xb7h", new[] { "Xb7hH8MSUJpSbSDYk0k2" })]
        [InlineData("Test-Voice -Voice fr", new[] { "fr-FR-DeniseNeural", "Francisca" })]
        [InlineData("Test-Voice -Voice zz", new string[0])]
        public async Task TabCompletesVoiceNamesAndIds(string line, string[] expected)
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();

            // Nothing listed yet: the completer fetches the voices itself (a moment's wait at most).
            string[] matches = context.Run(VoiceFunction + Complete, new() { ["line"] = line }).Output.Select(o => o.ToString()).ToArray();

            Assert.Equal(expected, matches);
        }

        [Fact]
        public async Task CompletionUsesTheCacheAfterTheFirstListingAndTheConnectionGiven()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();
            context.Run("$other = Connect-Akool -BaseUri $baseUri -ApiKey $apiKey -PassThru; $null = $other");
            context.Run("$null = Get-AkoolVoice; $null = Get-AkoolVoice -Own");
            int before = context.Emulator.Requests.Count(r => r.Endpoint == EmulatorEndpoints.VoiceList);

            string[] cached = context.Run(VoiceFunction + Complete, new() { ["line"] = "Test-Voice -Voice Bri" }).Output.Select(o => o.ToString()).ToArray();
            int afterCached = context.Emulator.Requests.Count(r => r.Endpoint == EmulatorEndpoints.VoiceList);
            string[] viaOther = context.Run(VoiceFunction + Complete, new() { ["line"] = "Test-Voice -Connection $other -Voice Studio" }).Output.Select(o => o.ToString()).ToArray();

            Assert.Equal(new[] { "Brian" }, cached);
            Assert.Equal(before, afterCached);
            Assert.Equal(new[] { "'Studio Host'" }, viaOther);
        }

        [Fact]
        public async Task CompletionOffersNothingWithoutAConnectionOrWhenAkoolFails()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();

            string[] disconnected = context.Run(VoiceFunction + Complete, new() { ["line"] = "Test-Voice -Voice A" }).Output.Select(o => o.ToString()).ToArray();
            context.Connect("-MaximumRetryCount 0");
            context.Emulator.Faults.Http503 = FaultRule.Always(EmulatorEndpoints.VoiceList);
            string[] failing = context.Run(VoiceFunction + Complete, new() { ["line"] = "Test-Voice -Voice A" }).Output.Select(o => o.ToString()).ToArray();

            Assert.Empty(disconnected);
            Assert.Empty(failing);
        }

        [Fact]
        public async Task AFinishedSpeechPipesIntoNewAkoolTalkingPhotoByPropertyName()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();

            ScriptResult result = context.Run("$speech | New-AkoolTalkingPhoto -TalkingPhotoUrl https://img.example.com/face.jpg", new() { ["speech"] = CompletedSpeech("hello-1") });

            Assert.Empty(result.Errors);
            EmulatedJob job = Assert.Single(context.Emulator.Jobs);
            Assert.Equal("https://cdn.example.com/speech/s1.mp3", job.AudioUrl);
            Assert.Equal("hello-1", Assert.Single(result.OutputOf<AkoolVideo>()).Name);
        }

        /// <summary>A speech as New-AkoolSpeech will write it once Akool says it is done.</summary>
        private static AkoolSpeech CompletedSpeech(string name)
        {
            var speech = new AkoolSpeech("s1", name, "Hello there.", "Xb7hH8MSUJpSbSDYk0k2", "Alice", null);
            SpeechInfo info = SpeechInfo.FromData(JObject.Parse("{\"result\":{\"_id\":\"s1\",\"status\":3,\"preview\":\"https://cdn.example.com/speech/s1.mp3\",\"duration\":1500,\"deduction_credit\":0.06,\"language_code\":\"en\"}}"));
            AkoolSpeech done = speech.WithServerState(info);
            Assert.Equal(AkoolSpeechStatus.Completed, done.Status);
            Assert.Equal(12, done.Characters);
            Assert.Equal(done.Url, done.AudioUrl);
            return done;
        }
    }
}
