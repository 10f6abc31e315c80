using System.Collections.Generic;
using System.Linq;

namespace Akool.Completion
{
    /// <summary>
    /// Ids this process has seen, newest first, with their Names, for Tab completion. Bounded: past the capacity the
    /// oldest is forgotten, in O(1) per id (a batch of 100,000 rows passes every id through here). Any thread.
    /// </summary>
    internal sealed class SeenIds
    {
        private const int Capacity = 500;
        private readonly object _lock = new object();
        private readonly LinkedList<(string Id, string? Name)> _newest = new LinkedList<(string, string?)>();
        private readonly Dictionary<string, LinkedListNode<(string Id, string? Name)>> _byId = new Dictionary<string, LinkedListNode<(string, string?)>>();

        public void Remember(string? id, string? name)
        {
            if (string.IsNullOrEmpty(id)) return;
            lock (_lock)
            {
                if (_byId.TryGetValue(id!, out var existing)) _newest.Remove(existing);
                _byId[id!] = _newest.AddFirst((id!, name));
                if (_newest.Count > Capacity)
                {
                    _byId.Remove(_newest.Last!.Value.Id);
                    _newest.RemoveLast();
                }
            }
        }

        public IReadOnlyList<(string Id, string? Name)> NewestFirst()
        {
            lock (_lock) return _newest.ToList();
        }

        /// <summary>Forgets every id, as a fresh session starts (the bench measures each batch that way).</summary>
        internal void Clear()
        {
            lock (_lock)
            {
                _newest.Clear();
                _byId.Clear();
            }
        }
    }

    /// <summary>The videos this process has created or read, for Tab completion of the video cmdlets' -Id.</summary>
    internal static class SeenVideos
    {
        internal static readonly SeenIds Ids = new SeenIds();

        public static void Remember(AkoolVideo video) => Ids.Remember(video.Id, video.Name);
    }

    /// <summary>The speeches this process has created or saved, for Tab completion of Save-AkoolSpeech -Id.</summary>
    internal static class SeenSpeeches
    {
        internal static readonly SeenIds Ids = new SeenIds();

        public static void Remember(AkoolSpeech speech) => Ids.Remember(speech.Id, speech.Name);
    }
}
