using System;
using System.Diagnostics;
using System.Threading;

namespace Akool.Tests.Harness
{
    /// <summary>Waits for a condition instead of sleeping for a fixed time.</summary>
    public static class Eventually
    {
        public static void True(Func<bool> condition, TimeSpan timeout, string what)
        {
            var clock = Stopwatch.StartNew();
            while (!condition())
            {
                if (clock.Elapsed > timeout) throw new TimeoutException($"Waited {timeout.TotalSeconds} s for: {what}");
                Thread.Sleep(10);
            }
        }

        /// <summary>
        /// Checks that <paramref name="condition"/> stays true for <paramref name="period"/>: the only way to show
        /// that something does not happen (for example, no more polling after a cmdlet returned).
        /// </summary>
        public static void Stays(Func<bool> condition, TimeSpan period, string what)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < period)
            {
                if (!condition()) throw new InvalidOperationException($"No longer true after {clock.Elapsed.TotalSeconds:0.00} s: {what}");
                Thread.Sleep(10);
            }
        }
    }
}
