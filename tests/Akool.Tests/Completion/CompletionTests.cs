using System.Linq;
using System.Threading.Tasks;
using Akool.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;

namespace Akool.Tests.Completion
{
    /// <summary>Tab completes the ids this session has seen (videos and speeches apart), and the values of enumerations.</summary>
    public sealed class CompletionTests
    {
        private const string Complete = "[System.Management.Automation.CommandCompletion]::CompleteInput($line, $line.Length, $null).CompletionMatches | ForEach-Object { $_.CompletionText }";

        [Fact]
        public async Task IdCompletesTheVideosThisSessionCreated()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();
            var ids = context.Run(ModuleTestContext.Rows(2) + "$rows | New-AkoolTalkingPhoto").OutputOf<AkoolVideo>().Select(v => v.Id).ToList();

            var all = context.Run(Complete, new() { ["line"] = "Save-AkoolVideo -Id " }).Output.Select(o => o.ToString()).ToList();
            var narrowed = context.Run(Complete, new() { ["line"] = "Wait-AkoolVideo -Id " + ids[0] }).Output.Select(o => o.ToString()).ToList();

            // Both are offered first (newest first; the two were created concurrently, so either may lead).
            Assert.Equal(ids.OrderBy(i => i), all.Take(2).OrderBy(i => i));
            Assert.Equal(new[] { ids[0] }, narrowed);
        }

        [Fact]
        public async Task SaveAkoolSpeechIdCompletesTheSpeechesThisSessionCreatedAndNoVideos()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();
            ScriptResult spoken = context.Run("New-AkoolSpeech -Text 'Hello there.' -Voice Alice -Name hello\nNew-AkoolSpeech -Text 'Goodbye for now.' -Voice Brian -Name bye");
            var speechIds = spoken.OutputOf<AkoolSpeech>().Select(s => s.Id).ToList();
            string videoId = context.Run(ModuleTestContext.Rows(1) + "$rows | New-AkoolTalkingPhoto").OutputOf<AkoolVideo>().Single().Id;

            var offered = context.Run(Complete, new() { ["line"] = "Save-AkoolSpeech -Id " }).Output.Select(o => o.ToString()).ToList();
            var narrowed = context.Run(Complete, new() { ["line"] = "Save-AkoolSpeech -Id " + speechIds[1] }).Output.Select(o => o.ToString()).ToList();
            var forVideos = context.Run(Complete, new() { ["line"] = "Get-AkoolVideo -Id " }).Output.Select(o => o.ToString()).ToList();

            Assert.Empty(spoken.Errors);
            Assert.Equal(2, speechIds.Count);
            Assert.Contains(speechIds[0], offered);
            Assert.Contains(speechIds[1], offered);
            Assert.DoesNotContain(videoId, offered);
            Assert.Equal(new[] { speechIds[1] }, narrowed);
            Assert.Contains(videoId, forVideos);
            Assert.DoesNotContain(speechIds[0], forVideos);
        }

        [Theory]
        [InlineData("O\u2019Brien", "'O\u2019\u2019Brien'")]
        [InlineData("it's", "'it''s'")]
        [InlineData("Mary Ann", "'Mary Ann'")]
        [InlineData("-Dash", "'-Dash'")]
        [InlineData("Ren\u00e9e", "Ren\u00e9e")]
        public void TheVoiceCompleterQuotesANameAsTheIdCompleterDoes(string name, string typed)
        {
            var voice = Akool.Client.VoiceInfo.FromItem(JObject.FromObject(new { voice_id = "v-1", name }), own: false)!;

            // Typed with a typographic opening quote, as a line pasted from a document would have it.
            var offered = Akool.Completion.VoiceCompleter.Complete(new[] { voice }, Akool.Completion.Quoting.Unquote("\u2018" + name.Substring(0, 1)), namesOnly: true);

            Assert.Equal(typed, Assert.Single(offered).CompletionText);
            Assert.Equal(typed, Akool.Completion.Quoting.Quote(name));
        }

        [Theory]
        [InlineData("New-AkoolTalkingPhoto -Resolution ", new[] { "720", "1080" })]
        [InlineData("New-AkoolTalkingPhoto -Resolution 1", new[] { "1080" })]
        public async Task ResolutionCompletesItsValues(string line, string[] expected)
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();

            var matches = context.Run(Complete, new() { ["line"] = line }).Output.Select(o => o.ToString()).ToArray();

            Assert.Equal(expected, matches);
        }
    }
}
