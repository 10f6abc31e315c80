using System.Linq;
using System.Threading.Tasks;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Module
{
    /// <summary>Tab completes the ids this session has seen, and the values of enumerations.</summary>
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
