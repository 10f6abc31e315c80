using System;
using System.Collections.Generic;
using System.Globalization;

namespace Akool.Journal
{
    /// <summary>
    /// Counts how often one row's create was sent again after an answer that means "not processed" (HTTP 429 or
    /// 503, Akool code 1005), for the journal line and for a warning per repeat. Such a repeat is right by HTTP's
    /// rules, but a gateway that breaks them could have billed the first request; this keeps every repeat visible.
    /// </summary>
    internal sealed class CreateRepeats
    {
        private readonly object _lock = new object();
        private readonly List<string> _reasons = new List<string>();
        private readonly string _subject;
        private readonly string _thing;
        private readonly Action<string> _warn;

        /// <param name="subject">The row, as messages name it ("Row 3 ('intro')").</param>
        /// <param name="thing">What the create makes ("video", "speech").</param>
        /// <param name="warn">Called (from any thread) with one warning per repeat.</param>
        public CreateRepeats(string subject, string thing, Action<string> warn)
        {
            _subject = subject;
            _thing = thing;
            _warn = warn;
        }

        /// <summary>How many times the create was repeated; null when never (so the journal line stays short).</summary>
        public int? Count
        {
            get
            {
                lock (_lock) return _reasons.Count == 0 ? (int?)null : _reasons.Count;
            }
        }

        /// <summary>The answers that caused the repeats, joined; null when none.</summary>
        public string? Reasons
        {
            get
            {
                lock (_lock) return _reasons.Count == 0 ? null : string.Join(" | ", _reasons);
            }
        }

        /// <summary>The callback for the client's onRepeat.</summary>
        public void OnRepeat(string reason)
        {
            int count;
            lock (_lock)
            {
                _reasons.Add(reason);
                count = _reasons.Count;
            }
            _warn(string.Format(CultureInfo.InvariantCulture,
                "{0}: the {3} create is being sent again (repeat {1}) after this answer: {2} That answer means it was not processed, but a gateway that breaks that rule could have made (and billed) a {3}; if the Akool console shows two for this row, that is why.",
                _subject, count, reason, _thing));
        }
    }
}
