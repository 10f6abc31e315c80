using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;

namespace Akool.Client
{
    // Retry-After when given (capped), else exponential backoff with full jitter, so parallel requests do not retry in step.
    internal sealed class RetryPolicy
    {
        private static int s_seed = Environment.TickCount;
        private static readonly ThreadLocal<Random> Jitter = new ThreadLocal<Random>(() => new Random(Interlocked.Increment(ref s_seed)));

        public RetryPolicy(int maximumRetryCount, TimeSpan baseDelay, TimeSpan maximumDelay)
        {
            if (maximumRetryCount < 0) throw new ArgumentOutOfRangeException(nameof(maximumRetryCount));
            MaximumRetryCount = maximumRetryCount;
            BaseDelay = baseDelay;
            MaximumDelay = maximumDelay;
        }

        public static RetryPolicy Default { get; } = new RetryPolicy(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

        public int MaximumRetryCount { get; }

        public TimeSpan BaseDelay { get; }

        public TimeSpan MaximumDelay { get; }

        public TimeSpan DelayFor(int retry, HttpResponseMessage? response)
        {
            TimeSpan? serverDelay = response == null ? null : FromRetryAfter(response.Headers.RetryAfter, DateTimeOffset.UtcNow);
            if (serverDelay.HasValue) return serverDelay.Value > MaximumDelay ? MaximumDelay : serverDelay.Value;
            double ceiling = Math.Min(MaximumDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, retry - 1));
            // Full jitter, but never less than half the step, so a retry storm still backs off.
            double milliseconds = ceiling / 2 + Jitter.Value!.NextDouble() * ceiling / 2;
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        internal static TimeSpan? FromRetryAfter(RetryConditionHeaderValue? retryAfter, DateTimeOffset now)
        {
            if (retryAfter == null) return null;
            if (retryAfter.Delta.HasValue) return retryAfter.Delta.Value;
            if (retryAfter.Date.HasValue)
            {
                TimeSpan wait = retryAfter.Date.Value - now;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
            return null;
        }
    }
}
