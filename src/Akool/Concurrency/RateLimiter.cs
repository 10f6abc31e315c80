using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Akool.Concurrency
{
    /// <summary>
    /// A token bucket one request deep: requests go out at most <c>perSecond</c> a second, evenly spaced, whatever
    /// number of callers ask at once. Each caller reserves the next free moment under a lock and waits until then
    /// (a timer, not a loop); a caller that finds the bucket full goes at once. Safe to use from many threads.
    /// </summary>
    internal sealed class RateLimiter
    {
        private static readonly Stopwatch Clock = Stopwatch.StartNew();
        private readonly object _lock = new object();
        private readonly long _spacing;
        private long _next;

        private RateLimiter(double perSecond)
        {
            _spacing = Math.Max(1, (long)Math.Ceiling(Stopwatch.Frequency / perSecond));
            PerSecond = perSecond;
        }

        /// <summary>The ceiling, in requests per second.</summary>
        public double PerSecond { get; }

        /// <summary>A limiter for <paramref name="perSecond"/> requests a second, or null (no limit) for 0.</summary>
        public static RateLimiter? For(double perSecond) => perSecond > 0 ? new RateLimiter(perSecond) : null;

        /// <summary>Completes when the caller may send its request; at once when the bucket holds a token.</summary>
        public Task WaitAsync(CancellationToken cancellationToken)
        {
            long now = Clock.ElapsedTicks;
            long at;
            lock (_lock)
            {
                at = Math.Max(_next, now);
                _next = at + _spacing;
            }
            long wait = at - now;
            if (wait <= 0) return Task.CompletedTask;
            // Rounded up to whole milliseconds: a timer may fire late, never before the reserved moment.
            long milliseconds = (wait * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency;
            return Task.Delay(TimeSpan.FromMilliseconds(milliseconds), cancellationToken);
        }
    }
}
