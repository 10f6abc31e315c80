using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace Akool.Completion
{
    /// <summary>The videos this process has seen, newest first, for Tab completion of -Id.</summary>
    internal static class SeenVideos
    {
        private const int Capacity = 500;
        private static readonly ConcurrentDictionary<string, (long Order, string? Name)> Seen = new ConcurrentDictionary<string, (long, string?)>();
        private static long _counter;

        public static void Remember(AkoolVideo video)
        {
            if (string.IsNullOrEmpty(video.Id)) return;
            Seen[video.Id] = (System.Threading.Interlocked.Increment(ref _counter), video.Name);
            if (Seen.Count > Capacity)
            {
                foreach (string old in Seen.OrderBy(p => p.Value.Order).Take(Seen.Count - Capacity).Select(p => p.Key).ToList()) Seen.TryRemove(old, out _);
            }
        }

        public static IEnumerable<(string Id, string? Name)> Newest() =>
            Seen.OrderByDescending(p => p.Value.Order).Select(p => (p.Key, p.Value.Name)).ToList();
    }
}
