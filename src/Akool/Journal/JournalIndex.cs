using System;
using System.Collections.Generic;
using System.Globalization;

namespace Akool.Journal
{
    /// <summary>
    /// The latest state the journal recorded for each row, for <see cref="BatchJournal.Find"/>: a hash lookup per
    /// row. It keeps only what deciding a row needs (state, video or speech id, audio URL), with the usual
    /// <see cref="RowKey"/> text ("32 hex digits#n") held as numbers; the journal file has the rest. Any other key
    /// (a journal edited by hand) is kept as text. Not thread-safe: <see cref="BatchJournal"/> locks.
    /// </summary>
    internal sealed class JournalIndex
    {
        private readonly Dictionary<RowId, Known> _rows = new Dictionary<RowId, Known>();
        private readonly Dictionary<string, Known> _other = new Dictionary<string, Known>(StringComparer.Ordinal);

        public int Count => _rows.Count + _other.Count;

        public void Set(JournalEntry entry)
        {
            var known = new Known(entry.State, entry.Id, entry.AudioUrl, entry.SpeechId);
            if (RowId.TryParse(entry.Key, out RowId id)) _rows[id] = known;
            else _other[entry.Key] = known;
        }

        /// <summary>What was last recorded for <paramref name="key"/> (its state, id and audio URL), or null.</summary>
        public JournalEntry? Find(string key)
        {
            bool found = RowId.TryParse(key, out RowId id) ? _rows.TryGetValue(id, out Known known) : _other.TryGetValue(key, out known);
            return found ? new JournalEntry { Key = key, State = known.State, Id = known.Id, AudioUrl = known.AudioUrl, SpeechId = known.SpeechId } : null;
        }

        private readonly struct Known
        {
            public Known(JournalState state, string? id, string? audioUrl, string? speechId)
            {
                State = state;
                Id = id;
                AudioUrl = audioUrl;
                SpeechId = speechId;
            }

            public JournalState State { get; }

            public string? Id { get; }

            public string? AudioUrl { get; }

            public string? SpeechId { get; }
        }

        /// <summary>A key exactly as <see cref="RowKey"/> writes it: 32 lower-case hex digits, '#', the occurrence (1, 2, ...).</summary>
        private readonly struct RowId : IEquatable<RowId>
        {
            private readonly Digest128 _digest;
            private readonly int _occurrence;

            private RowId(Digest128 digest, int occurrence)
            {
                _digest = digest;
                _occurrence = occurrence;
            }

            public static bool TryParse(string key, out RowId id)
            {
                id = default;
                // Only the canonical text (no sign, no leading zero), so that one number stands for one key text.
                if (key.Length < 34 || key.Length > 43 || key[32] != '#' || key[33] < '1' || key[33] > '9') return false;
                if (!Digest128.TryParseHex(key, out Digest128 digest)) return false;
                for (int i = 34; i < key.Length; i++)
                {
                    if (key[i] < '0' || key[i] > '9') return false;
                }
                if (!int.TryParse(key.Substring(33), NumberStyles.None, CultureInfo.InvariantCulture, out int occurrence)) return false;
                id = new RowId(digest, occurrence);
                return true;
            }

            public bool Equals(RowId other) => _occurrence == other._occurrence && _digest.Equals(other._digest);

            public override bool Equals(object? obj) => obj is RowId other && Equals(other);

            public override int GetHashCode() => unchecked(_digest.GetHashCode() * 31 + _occurrence);
        }
    }
}
