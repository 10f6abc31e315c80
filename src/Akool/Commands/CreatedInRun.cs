using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text;

namespace Akool.Commands
{
    /// <summary>
    /// Every video New-AkoolTalkingPhoto (or speech New-AkoolSpeech) had Akool make (and bill) in one invocation,
    /// and whether it has been written to the pipeline yet. When the pipeline ends early (-ErrorAction Stop, a
    /// failure downstream, Ctrl+C) its output may be lost (<c>$v = ... | New-AkoolTalkingPhoto</c> assigns nothing
    /// then), so the stop is reported with every id from here: in one warning and on the terminating error (issue 12 #5).
    /// Workers add, the pipeline thread reads; one lock, taken once per created row. Held for the whole run, so a
    /// row costs one dictionary slot (row, subject, item, written: no node or entry object of its own); the row
    /// order is restored by sorting, only on the rare paths that list them (an early stop).
    /// </summary>
    /// <typeparam name="TItem">What was created: <see cref="AkoolVideo"/> or <see cref="AkoolSpeech"/>.</typeparam>
    internal sealed class CreatedInRun<TItem>
        where TItem : class
    {
        private readonly object _gate = new object();
        private readonly Dictionary<int, Entry> _byRow = new Dictionary<int, Entry>();
        private readonly string _cmdlet;
        private readonly string _things;
        private readonly string _keepWithoutJournal;
        private readonly string _dataKey;
        private readonly Func<TItem, string> _idOf;

        /// <param name="cmdlet">The cmdlet, as the stop warning names it.</param>
        /// <param name="things">What it creates, plural-neutral ("video(s)").</param>
        /// <param name="keepWithoutJournal">How to go on with the ids when there is no journal ("pass the ids to Wait-AkoolVideo -Id").</param>
        /// <param name="dataKey">The key of <see cref="Exception.Data"/> under which a terminating error carries the items.</param>
        /// <param name="idOf">An item's id.</param>
        public CreatedInRun(string cmdlet, string things, string keepWithoutJournal, string dataKey, Func<TItem, string> idOf)
        {
            _cmdlet = cmdlet;
            _things = things;
            _keepWithoutJournal = keepWithoutJournal;
            _dataKey = dataKey;
            _idOf = idOf;
        }

        /// <summary>How many this run made.</summary>
        public int Count
        {
            get
            {
                lock (_gate) return _byRow.Count;
            }
        }

        /// <summary>Records what Akool made for <paramref name="row"/> (any thread).</summary>
        public void Add(int row, string subject, TItem item)
        {
            lock (_gate) _byRow[row] = new Entry(subject, item, written: false);
        }

        /// <summary>Marks <paramref name="row"/>'s item as written to the pipeline; false when an early stop already wrote it.</summary>
        public bool MarkWritten(int row)
        {
            lock (_gate)
            {
                if (!_byRow.TryGetValue(row, out Entry entry)) return true;
                if (entry.Written) return false;
                _byRow[row] = entry.AsWritten();
                return true;
            }
        }

        /// <summary>The items made but not yet written, in row order; they count as written from now on.</summary>
        public List<TItem> TakeUnwritten()
        {
            lock (_gate)
            {
                var unwritten = InRowOrder().Where(pair => !pair.Value.Written).ToList();
                foreach (KeyValuePair<int, Entry> pair in unwritten) _byRow[pair.Key] = pair.Value.AsWritten();
                return unwritten.Select(pair => pair.Value.Item).ToList();
            }
        }

        /// <summary>Every item made, in row order.</summary>
        public List<TItem> All()
        {
            lock (_gate) return InRowOrder().Select(pair => pair.Value.Item).ToList();
        }

        /// <summary>
        /// The one warning of an early stop: each item made with its row and Name, and the creates still without
        /// an answer (Akool may have made them); null when there is nothing to say.
        /// </summary>
        public string? StopWarning(IReadOnlyCollection<string> inFlight, string? journalPath)
        {
            List<Entry> made;
            lock (_gate) made = InRowOrder().Select(pair => pair.Value).ToList();
            if (made.Count == 0 && inFlight.Count == 0) return null;

            var text = new StringBuilder(_cmdlet).Append(" stopped early.");
            if (made.Count > 0)
            {
                text.Append(' ').Append(made.Count).Append(' ').Append(_things).Append(" were created (and billed) in this run; keep their ids, and do not submit their rows again");
                text.Append(journalPath == null ? $" ({_keepWithoutJournal}):" : $" (the journal '{journalPath}' has them too):");
                foreach (Entry entry in made) text.Append("\n  ").Append(_idOf(entry.Item)).Append("  ").Append(entry.Subject);
            }
            if (inFlight.Count > 0)
            {
                text.Append(made.Count > 0 ? "\n" : " ").Append(inFlight.Count)
                    .Append(" create(s) had been sent without an answer yet; Akool may have made (and billed) them, so look in the Akool console before submitting them again:");
                foreach (string subject in inFlight) text.Append("\n  ").Append(subject);
            }
            return text.ToString();
        }

        /// <summary>
        /// Puts the items of this run on the terminating <paramref name="record"/>: their ids in its advice, the
        /// objects in <c>$_.Exception.Data[dataKey]</c> (e.g. 'AkoolCreatedVideos') for a catch block.
        /// </summary>
        public void AttachTo(ErrorRecord record)
        {
            List<TItem> made = All();
            if (made.Count == 0) return;
            // An object[] (serializable on .NET Framework, where Exception.Data demands it) of the items.
            record.Exception.Data[_dataKey] = made.Cast<object>().ToArray();
            string ids = $"The batch stopped here; Akool had already created {made.Count} {_things} in this run, keep them: {string.Join(", ", made.Select(_idOf))}.";
            string? advice = record.ErrorDetails?.RecommendedAction;
            if (record.ErrorDetails == null) record.ErrorDetails = new ErrorDetails(record.Exception.Message);
            record.ErrorDetails.RecommendedAction = string.IsNullOrEmpty(advice) ? ids : advice + " " + ids;
        }

        /// <summary>The entries by row number (the lock is held).</summary>
        private IEnumerable<KeyValuePair<int, Entry>> InRowOrder() => _byRow.OrderBy(pair => pair.Key);

        private readonly struct Entry
        {
            public Entry(string subject, TItem item, bool written)
            {
                Subject = subject;
                Item = item;
                Written = written;
            }

            public string Subject { get; }

            public TItem Item { get; }

            public bool Written { get; }

            public Entry AsWritten() => new Entry(Subject, Item, written: true);
        }
    }
}
