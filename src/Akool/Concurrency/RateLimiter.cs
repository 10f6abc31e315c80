using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Akool.Concurrency
{
    /// <summary>
    /// At most <c>perSecond</c> requests in any window of one second (of <c>n / perSecond</c> seconds for a rate
    /// below one) as they arrive at the server, whatever number of callers ask at once. Two parts: a token bucket one request deep spaces the
    /// requests evenly (each caller reserves the next free moment under a lock and waits for it on a timer, never
    /// in a loop of sleeps); and, because timers fire late on a busy machine and late ones then go out together,
    /// each release is also checked against the times of the last releases (a sliding window), so even bunched
    /// releases never exceed the ceiling. The ceiling is what the server may see: requests evenly released still
    /// arrive bunched when the network or the machine delays some more than others (a 10,000-video scale run counted
    /// 1,029 arrivals in the busiest second against a ceiling of 1,000), so every window is kept
    /// <see cref="ArrivalJitter"/> longer than a second. Safe to use from many threads.
    /// </summary>
    internal sealed class RateLimiter
    {
        /// <summary>How much later than its neighbours a request may arrive and still not push a second over the ceiling.</summary>
        internal static readonly TimeSpan ArrivalJitter = TimeSpan.FromMilliseconds(50);

        private static readonly Stopwatch Clock = Stopwatch.StartNew();
        private readonly object _lock = new object();
        private readonly long _spacing;
        private readonly long _window;
        private readonly long[] _released;
        private int _oldest;
        private int _count;
        private long _next;

        private RateLimiter(double perSecond)
        {
            PerSecond = perSecond;
            int perWindow = Math.Max(1, (int)Math.Floor(perSecond));
            _released = new long[perWindow];
            _window = (long)Math.Ceiling(Stopwatch.Frequency * (perWindow / perSecond + ArrivalJitter.TotalSeconds));
            _spacing = Math.Max(1, (long)Math.Ceiling((double)_window / perWindow));
        }

        /// <summary>The ceiling, in requests per second.</summary>
        public double PerSecond { get; }

        /// <summary>A limiter for <paramref name="perSecond"/> requests a second, or null (no limit) for 0.</summary>
        public static RateLimiter? For(double perSecond) => perSecond > 0 ? new RateLimiter(perSecond) : null;

        /// <summary>Completes when the caller may send its request; at once when the bucket holds a token.</summary>
        public async Task WaitAsync(CancellationToken cancellationToken)
        {
            long now = Clock.ElapsedTicks;
            long at;
            lock (_lock)
            {
                at = Math.Max(_next, now);
                _next = at + _spacing;
            }
            if (at > now) await Task.Delay(ToDelay(at - now), cancellationToken).ConfigureAwait(false);

            while (true)
            {
                long wait;
                lock (_lock)
                {
                    now = Clock.ElapsedTicks;
                    if (_count < _released.Length)
                    {
                        _released[(_oldest + _count++) % _released.Length] = now;
                        return;
                    }
                    wait = _released[_oldest] + _window - now;
                    if (wait <= 0)
                    {
                        _released[_oldest] = now;
                        _oldest = (_oldest + 1) % _released.Length;
                        return;
                    }
                }
                await Task.Delay(ToDelay(wait), cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Rounded up to whole milliseconds: a timer may fire late, never before the moment asked for.</summary>
        private static TimeSpan ToDelay(long ticks) => TimeSpan.FromMilliseconds((ticks * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency);
    }
}
