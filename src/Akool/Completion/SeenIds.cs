using System.Collections.Generic;
using System.Linq;

namespace Akool.Completion
{
    // Bounded, forgetting the oldest in O(1): a 100,000-row batch passes every id through here.
    internal sealed class SeenIds
    {
        internal static readonly SeenIds Videos = new SeenIds();
        internal static readonly SeenIds Speeches = new SeenIds();
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

        internal void Clear()
        {
            lock (_lock)
            {
                _newest.Clear();
                _byId.Clear();
            }
        }
    }
}
