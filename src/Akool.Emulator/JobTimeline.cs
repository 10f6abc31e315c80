using System;

namespace Akool.Emulator
{
    /// <summary>
    /// The life of every asynchronous job the emulator runs (videos and speeches alike): queueing for a while,
    /// processing for a while, then completed, or failed when the job carried the fail marker. One rule, so the two
    /// kinds of job cannot drift apart.
    /// </summary>
    internal static class JobTimeline
    {
        /// <summary>The status at <paramref name="time"/>: 1 queueing, 2 processing, 3 completed, 4 failed.</summary>
        public static int StatusAt(DateTimeOffset createdAt, TimeSpan queueTime, TimeSpan processingTime, bool fails, DateTimeOffset time)
        {
            TimeSpan elapsed = time - createdAt;
            if (elapsed < queueTime)
            {
                return 1;
            }

            if (elapsed < queueTime + processingTime)
            {
                return 2;
            }

            return fails ? 4 : 3;
        }
    }
}
