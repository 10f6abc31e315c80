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
    }
}
