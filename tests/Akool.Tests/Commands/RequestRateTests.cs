using System;
using System.Linq;
using System.Threading.Tasks;
using Akool.Emulator;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Commands
{
    /// <summary>
    /// Wait-AkoolVideo keeps all its status requests under -MaximumRequestRate, however many videos ask at once
    /// (issue 14): counted where the requests arrive, at the emulator's recorder, in every one-second window.
    /// </summary>
    public sealed class RequestRateTests
    {
        private const int Videos = 30;
        private const int Rate = 20;

        [Fact]
        public async Task ABurstOfWaitsNeverExceedsTheCeiling()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync(o => { o.QueueTime = TimeSpan.Zero; o.ProcessingTime = TimeSpan.FromMilliseconds(500); });
            context.Connect();

            // All the videos are due for their first check at the same moment; without a ceiling they go out at once.
            ScriptResult result = context.Run(ModuleTestContext.Rows(Videos) + $"$rows | New-AkoolTalkingPhoto | Wait-AkoolVideo -MaximumRequestRate {Rate}");

            Assert.Empty(result.Errors);
            Assert.Equal(Videos, result.OutputOf<AkoolVideo>().Count);
            DateTimeOffset[] polls = context.Emulator.Requests.Where(r => r.Endpoint == EmulatorEndpoints.Status).Select(r => r.Time).OrderBy(t => t).ToArray();
            Assert.True(polls.Length >= Videos);
            // The most requests in any one-second window starting at a request. Evenly spaced at 1/Rate s there are
            // Rate of them (the limiter also checks every release against a one-second window); one more is allowed
            // for a request that travelled longer than the next one to the emulator.
            int busiest = polls.Select(start => polls.Count(t => t >= start && t < start + TimeSpan.FromSeconds(1))).Max();
            Assert.True(busiest <= Rate + 1, $"{busiest} status requests in one second against a ceiling of {Rate}");
        }
    }
}
