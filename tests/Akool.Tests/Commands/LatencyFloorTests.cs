using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Commands
{
    /// <summary>
    /// A cmdlet waiting for background work wakes when the work completes, not at the next tick of a polling
    /// interval. The old wait ticked every 100 ms, so each call below cost at least 100 ms; against the emulator on
    /// loopback one call takes a few milliseconds, so 20 calls stay far under 20 ticks even on a loaded machine.
    /// </summary>
    public sealed class LatencyFloorTests
    {
        private const int Calls = 20;
        private static readonly TimeSpan OldFloor = TimeSpan.FromMilliseconds(100 * Calls);

        [Theory]
        [InlineData("Get-AkoolCredit")]
        [InlineData("Connect-Akool -BaseUri $baseUri -ApiKey $apiKey")]
        [InlineData("Get-AkoolVideo -Id $id")]
        [InlineData("Wait-AkoolVideo -Id $id")]
        [InlineData("Save-AkoolVideo -Id $id -Destination ./videos -Force")]
        public async Task ASingleCallEndsWhenItsWorkDoesNotAtAPollingTick(string call)
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync(o => { o.QueueTime = TimeSpan.Zero; o.ProcessingTime = TimeSpan.Zero; });
            context.Connect();
            string id = context.Run(ModuleTestContext.Rows(1) + "$rows | New-AkoolTalkingPhoto | Wait-AkoolVideo").OutputOf<AkoolVideo>().Single().Id;
            context.Run(call, new() { ["id"] = id }); // warm up: JIT, the connection pool

            var clock = Stopwatch.StartNew();
            ScriptResult result = context.Run($"1..{Calls} | ForEach-Object {{ {call} }}", new() { ["id"] = id });
            clock.Stop();

            Assert.Empty(result.Errors);
            Assert.True(clock.Elapsed < OldFloor * 0.75, $"{Calls} x '{call}' took {clock.ElapsedMilliseconds} ms");
        }
    }
}
