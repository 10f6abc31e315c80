using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Akool.Concurrency
{
    // A token bucket one request deep spaces requests evenly; since late timers release together, each release is also
    // checked against a sliding window, kept ArrivalJitter longer than a second because evenly released requests still
    // arrive bunched (a 10,000-video run counted 1,029 in the busiest second against a ceiling of 1,000).
    internal sealed class RateLimiter
    {
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

        public double PerSecond { get; }

        public static RateLimiter? For(double perSecond) => perSecond > 0 ? new RateLimiter(perSecond) : null;

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

        private static TimeSpan ToDelay(long ticks) => TimeSpan.FromMilliseconds((ticks * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency);
    }
}
