using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;

namespace Akool.Client
{
    /// <summary>
    /// How many times, and how long apart, transient failures are retried: the server's <c>Retry-After</c> when it
    /// gives one (capped), else exponential backoff with full jitter so that parallel requests do not retry in step.
    /// </summary>
    internal sealed class RetryPolicy
    {
        private static int s_seed = Environment.TickCount;
        private static readonly ThreadLocal<Random> Jitter = new ThreadLocal<Random>(() => new Random(Interlocked.Increment(ref s_seed)));

        /// <summary>Creates a policy.</summary>
        public RetryPolicy(int maximumRetryCount, TimeSpan baseDelay, TimeSpan maximumDelay)
        {
            if (maximumRetryCount < 0) throw new ArgumentOutOfRangeException(nameof(maximumRetryCount));
            MaximumRetryCount = maximumRetryCount;
            BaseDelay = baseDelay;
            MaximumDelay = maximumDelay;
        }

        /// <summary>The default: 5 retries, 1 s growing to 30 s.</summary>
        public static RetryPolicy Default { get; } = new RetryPolicy(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

        /// <summary>How many times a request is repeated after its first attempt.</summary>
        public int MaximumRetryCount { get; }

        /// <summary>The first backoff delay; it doubles with each retry.</summary>
        public TimeSpan BaseDelay { get; }

        /// <summary>The longest delay, whether from backoff or from <c>Retry-After</c>.</summary>
        public TimeSpan MaximumDelay { get; }

        /// <summary>The delay before retry number <paramref name="retry"/> (1-based), honouring the answer's Retry-After.</summary>
        public TimeSpan DelayFor(int retry, HttpResponseMessage? response)
        {
            TimeSpan? serverDelay = response == null ? null : FromRetryAfter(response.Headers.RetryAfter, DateTimeOffset.UtcNow);
            if (serverDelay.HasValue) return serverDelay.Value > MaximumDelay ? MaximumDelay : serverDelay.Value;
            double ceiling = Math.Min(MaximumDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, retry - 1));
            // Full jitter, but never less than half the step, so a retry storm still backs off.
            double milliseconds = ceiling / 2 + Jitter.Value!.NextDouble() * ceiling / 2;
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        /// <summary>Reads Retry-After as seconds or as an HTTP date relative to <paramref name="now"/>.</summary>
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
