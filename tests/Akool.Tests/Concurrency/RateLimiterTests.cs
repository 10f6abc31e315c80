using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Akool.Concurrency;
using Xunit;

namespace Akool.Tests.Concurrency
{
    /// <summary>Wait-AkoolVideo's request ceiling alone: what it releases, timed where it releases.</summary>
    public sealed class RateLimiterTests
    {
        [Fact]
        public async Task ReleasesSeenALittleLateStillStayWithinTheCeilingInEverySecond()
        {
            const int PerSecond = 20, Requests = 30;
            RateLimiter limiter = RateLimiter.For(PerSecond)!;
            var clock = Stopwatch.StartNew();

            // Every request asks at the same moment, as thousands of young videos do.
            TimeSpan[] released = await Task.WhenAll(Enumerable.Range(0, Requests).Select(async _ =>
            {
                await limiter.WaitAsync(CancellationToken.None);
                return clock.Elapsed;
            }));

            Array.Sort(released);
            // Counted where the callers resume, a little after the limiter let each go (as a request arrives a
            // little after it is sent), in every window of one second. Timers fire late and late ones together, so
            // releases come in bursts; a limiter that allowed exactly its ceiling in every second at its own clock
            // would let a burst at a window's edge show one or two more here.
            TimeSpan window = TimeSpan.FromSeconds(1);
            int busiest = released.Select(start => released.Count(t => t >= start && t < start + window)).Max();
            Assert.True(busiest <= PerSecond, $"{busiest} releases within {window.TotalMilliseconds} ms against a ceiling of {PerSecond} a second");
            // And it is a ceiling, not a brake (the burst takes about Requests / PerSecond seconds; how close it comes
            // is the bench's to measure): every request is let go.
            Assert.True(released[^1] < TimeSpan.FromSeconds(Requests / (double)PerSecond + 10), $"the last release came after {released[^1].TotalSeconds:0.00} s");
        }
    }
}
