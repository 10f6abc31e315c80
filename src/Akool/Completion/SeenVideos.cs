using System.Collections.Generic;
using System.Linq;

namespace Akool.Completion
{
    /// <summary>The videos this process has seen, newest first, for Tab completion of -Id. Bounded; any thread.</summary>
    internal static class SeenVideos
    {
        private const int Capacity = 500;
        private static readonly object Lock = new object();
        private static readonly LinkedList<(string Id, string? Name)> Newest = new LinkedList<(string, string?)>();
        private static readonly Dictionary<string, LinkedListNode<(string Id, string? Name)>> ById = new Dictionary<string, LinkedListNode<(string, string?)>>();

        public static void Remember(AkoolVideo video)
        {
            if (string.IsNullOrEmpty(video.Id)) return;
            lock (Lock)
            {
                if (ById.TryGetValue(video.Id, out var existing)) Newest.Remove(existing);
                ById[video.Id] = Newest.AddFirst((video.Id, video.Name));
                if (Newest.Count > Capacity)
                {
                    ById.Remove(Newest.Last!.Value.Id);
                    Newest.RemoveLast();
                }
            }
        }

        public static IReadOnlyList<(string Id, string? Name)> NewestFirst()
        {
            lock (Lock) return Newest.ToList();
        }
    }
}
