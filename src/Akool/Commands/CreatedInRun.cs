using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System;
using Akool.Concurrency;
using Akool.Errors;
using Akool.Models;

namespace Akool.Commands
{
    /// <summary>
    /// The early stop of a cmdlet that has Akool make billed things (New-AkoolTalkingPhoto, New-AkoolSpeech), handled
    /// once for both. It remembers every video and speech the run made, and whether it was written. Errors are written
    /// with WriteError and PowerShell decides whether they stop the pipeline (-ErrorAction, $ErrorActionPreference):
    /// when one does, the engine stops (no later row is sent; creates on the wire get the grace period), the items not
    /// yet written are written, and one warning plus the terminating error (its advice and
    /// <c>Exception.Data['AkoolCreatedVideos']</c> / <c>['AkoolCreatedSpeeches']</c>) name everything made, since
    /// <c>$v = ... | New-AkoolTalkingPhoto</c> assigns nothing then. A stop from elsewhere (Ctrl+C, a failure
    /// downstream) gets the same warning.
    /// </summary>
    /// <typeparam name="TWork">The cmdlet's work item.</typeparam>
    internal sealed class CreatedInRun<TWork>
    {
        private readonly object _gate = new object();
        // By row, then videos before speeches: the order the warning and the error list them in.
        private readonly SortedDictionary<(bool Speech, int Row), Entry> _made = new SortedDictionary<(bool Speech, int Row), Entry>();
        // Those of them that reached the pipeline.
        private readonly HashSet<(bool Speech, int Row)> _written = new HashSet<(bool Speech, int Row)>();
        private readonly AsyncPipelineCmdlet _cmdlet;
        private readonly string _cmdletName;
        private readonly string? _journalPath;
        private readonly BackgroundWork<TWork> _work;
        private readonly Func<TWork, string?> _unanswered;
        // The run's names so far (case-insensitive, as file names may be), with their rows.
        private readonly Dictionary<string, int> _rowByName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        // The inputs whose create was sent again (pipeline thread only): each is warned of once, and the end names them all.
        private readonly SortedSet<int> _repeatedRows = new SortedSet<int>();
        // The rows not sent because Akool said the credit was gone (any thread), named once at the end.
        private readonly SortedDictionary<int, string> _notSent = new SortedDictionary<int, string>();
        private volatile bool _creditGone;
        private bool _stopReported;

        /// <param name="cmdlet">The cmdlet whose errors and items these are.</param>
        /// <param name="cmdletName">Its name, as the warning says it.</param>
        /// <param name="journalPath">Its -JournalPath, or null.</param>
        /// <param name="work">Its engine.</param>
        /// <param name="unanswered">For a work item not finished: its subject when it is a create that may be on the wire, else null.</param>
        public CreatedInRun(AsyncPipelineCmdlet cmdlet, string cmdletName, string? journalPath, BackgroundWork<TWork> work, Func<TWork, string?> unanswered)
        {
            _cmdlet = cmdlet;
            _cmdletName = cmdletName;
            _journalPath = journalPath;
            _work = work;
            _unanswered = unanswered;
        }

        /// <summary>Records a video Akool made for <paramref name="row"/> (any thread); the cmdlet writes it (<see cref="MarkWritten"/>).</summary>
        public void Add(int row, string subject, AkoolVideo video) => Add((false, row), new Entry(subject, video, video.Id), written: false);

        /// <summary>Records a speech Akool made for <paramref name="row"/> (any thread); <paramref name="output"/> when the cmdlet writes it.</summary>
        public void Add(int row, string subject, AkoolSpeech speech, bool output) => Add((true, row), new Entry(subject, speech, speech.Id), written: !output);

        /// <summary>Marks <paramref name="row"/>'s output as written; false when an early stop already wrote it.</summary>
        public bool MarkWritten(int row)
        {
            lock (_gate)
            {
                (bool, int) key = _made.ContainsKey((false, row)) ? (false, row) : (true, row);
                return !_made.ContainsKey(key) || _written.Add(key);
            }
        }

        /// <summary>
        /// A create of <paramref name="row"/> was sent again (pipeline thread): its first repeat is a warning, later ones
        /// (a throttled batch repeats often) are verbose; the journal records each.
        /// </summary>
        public void Repeated(int row, string message)
        {
            if (_repeatedRows.Add(row)) _cmdlet.WriteWarning(message);
            else _cmdlet.WriteVerbose(message);
        }

        /// <summary>At the end of a run with repeats: one warning naming every input whose create was sent again.</summary>
        public void SummarizeRepeats()
        {
            if (_repeatedRows.Count == 0) return;
            _cmdlet.WriteWarning($"{_repeatedRows.Count} row(s) were sent again after Akool said it was busy (HTTP 429/503, code 1005) or refused the connection: rows {string.Join(", ", _repeatedRows)}; see "
                + (_journalPath != null ? $"the \"repeats\" of the journal '{_journalPath}', or " : string.Empty) + "the warnings above.");
        }

        /// <summary>Akool refused a create for want of credit: every later one would be refused too, so none is sent.</summary>
        public void CreditRanOut() => _creditGone = true;

        public bool CreditGone => _creditGone;

        /// <summary>A row not sent because the credit is gone (any thread); nothing is journaled, so a re-run sends it.</summary>
        public void NotSent(int row, string subject)
        {
            lock (_gate) _notSent[row] = subject;
        }

        /// <summary>At the end of a run that ran out of credit: one error naming every row not sent (its target: their row numbers).</summary>
        public void SummarizeNotSent()
        {
            List<KeyValuePair<int, string>> rows;
            lock (_gate) rows = _notSent.ToList();
            if (rows.Count == 0) return;
            Fail(ErrorClassifier.Create(ErrorIds.NotSentNoCredit, ErrorCategory.QuotaExceeded, rows.Select(p => p.Key).ToArray(),
                $"{rows.Count} row(s) were not sent, since Akool answered that the credit is used up; nothing was billed for them:\n  " + string.Join("\n  ", rows.Select(p => p.Value)),
                "Add credit (Get-AkoolCredit shows the balance), then run the batch again" + (_journalPath != null
                    ? $" with -JournalPath '{_journalPath}': the rows already made are not sent again."
                    : " with only these rows (or with -JournalPath next time), or the rows already made are billed again.")));
        }

        /// <summary>Runs a pipeline step through the engine's guard; an early end for any reason is reported before it goes on.</summary>
        public void Guarded(Action step)
        {
            try
            {
                _work.Guard(step);
            }
            catch (Exception)
            {
                ReportStop(null);
                throw;
            }
        }

        /// <summary>An input refused on the pipeline thread, before anything was sent: written now, after what is already finished.</summary>
        public void Refuse(ErrorRecord record)
        {
            _work.Drain();
            Fail(record);
        }

        /// <summary>
        /// The cmdlet's half of a journal that is <see cref="Journal.JournalVerdict.InDoubt"/>: with -Force, a warning and
        /// true (send it again); else the input is refused and false.
        /// </summary>
        /// <param name="force">-Force.</param>
        /// <param name="subject">The row or speech.</param>
        /// <param name="what">What may have been made ("its video", "its speech").</param>
        /// <param name="target">What the error points at.</param>
        public bool MaySendAgain(bool force, string subject, string what, object target)
        {
            if (force)
            {
                _cmdlet.WriteWarning($"{subject}: an earlier create of {what} has an unknown outcome; sending it again because of -Force (it may be billed twice).");
                return true;
            }
            Refuse(ErrorClassifier.Create(ErrorIds.AlreadySubmittedOutcomeUnknown, ErrorCategory.ResourceExists, target,
                $"{subject}: {what} was sent to Akool in an earlier run whose answer never came back, so Akool may already have made (and billed) it.",
                "Look for it in the Akool console; to send it again anyway, run with -Force."));
            return false;
        }

        /// <summary>
        /// Two inputs with one Name would be saved to one file, and a re-run could credit one's file to the other: the
        /// second is refused (before anything is billed, under -WhatIf too), naming both.
        /// </summary>
        /// <param name="row">This input's number.</param>
        /// <param name="subject">This input, as messages name it.</param>
        /// <param name="name">Its Name, or null.</param>
        /// <param name="target">What the error points at.</param>
        public bool NameIsNew(int row, string subject, string? name, object target)
        {
            if (name == null) return true;
            string key = name.Trim();
            if (!_rowByName.TryGetValue(key, out int first))
            {
                _rowByName[key] = row;
                return true;
            }
            Refuse(ErrorClassifier.Create(ErrorIds.DuplicateName, ErrorCategory.InvalidArgument, target,
                $"{subject}: row {first} of this run has the same Name; each Name names one file, so nothing was sent for this row.",
                "Give each row its own Name (or none), then run again."));
            return false;
        }

        /// <summary>A failure from a worker (pipeline thread), classified.</summary>
        public void Fail(Exception exception, string subject, object? target)
        {
            if (exception is OperationCanceledException && _cmdlet.StopToken.IsCancellationRequested) throw new PipelineStoppedException();
            Fail(ErrorClassifier.From(exception, subject, target));
        }

        /// <summary>Writes an error; when PowerShell turns it into a stop, the stop is reported before it goes on.</summary>
        public void Fail(ErrorRecord record)
        {
            try
            {
                _cmdlet.WriteError(record);
            }
            catch (Exception ex) when (ex is PipelineStoppedException || ex is ActionPreferenceStopException)
            {
                _work.Stop();
                ReportStop(record);
                throw;
            }
        }

        /// <summary>
        /// Reports an early stop once: the one warning naming everything this run made (and the creates still
        /// unanswered); with the terminating <paramref name="record"/>, also the items not yet written (to the
        /// pipeline, which still takes them unless the user pressed Ctrl+C) and everything made, on the record.
        /// </summary>
        private void ReportStop(ErrorRecord? record)
        {
            if (_stopReported) return;
            _stopReported = true;
            List<KeyValuePair<(bool Speech, int Row), Entry>> made;
            lock (_gate) made = _made.ToList();
            string? warning = StopWarning(made);
            try
            {
                if (record == null) return;
                AttachTo(record, made);
                if (_cmdlet.StopToken.IsCancellationRequested) return;
                foreach (Entry entry in made.Where(p => Take(p.Key)).Select(p => p.Value))
                {
                    if (entry.Item is AkoolVideo video) _cmdlet.WriteVideo(video);
                    else _cmdlet.WriteObject(entry.Item);
                }
            }
            finally
            {
                if (warning != null) _cmdlet.WarnEvenIfStopping(warning);
            }
        }

        private void Add((bool Speech, int Row) key, Entry entry, bool written)
        {
            lock (_gate)
            {
                _made[key] = entry;
                if (written) _written.Add(key);
            }
        }

        private bool Take((bool Speech, int Row) key)
        {
            lock (_gate) return _written.Add(key);
        }

        private string? StopWarning(List<KeyValuePair<(bool Speech, int Row), Entry>> made)
        {
            List<string> inFlight = _work.Outstanding.Select(_unanswered).Where(s => s != null).Select(s => s!).OrderBy(s => s, StringComparer.Ordinal).ToList();
            if (made.Count == 0 && inFlight.Count == 0) return null;
            var text = new StringBuilder(_cmdletName).Append(" stopped early.");
            foreach (IGrouping<bool, KeyValuePair<(bool Speech, int Row), Entry>> kind in made.GroupBy(p => p.Key.Speech))
            {
                text.Append(kind.Key && made[0].Key.Speech == false ? "\n" : " ").Append(kind.Count()).Append(kind.Key ? " speech(es)" : " video(s)")
                    .Append(" were created (and billed) in this run; keep their ids, and do not submit their rows again")
                    .Append(_journalPath != null ? $" (the journal '{_journalPath}' has them too):" : kind.Key ? " (pass the ids to Save-AkoolSpeech -Id):" : " (pass the ids to Wait-AkoolVideo -Id):");
                foreach (Entry entry in kind.Select(p => p.Value)) text.Append("\n  ").Append(entry.Id).Append("  ").Append(entry.Subject);
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
        /// Puts the items of this run on the terminating <paramref name="record"/>: their ids in its advice, the objects
        /// in <c>Exception.Data['AkoolCreatedVideos']</c> and <c>['AkoolCreatedSpeeches']</c> (object[]: serializable on
        /// .NET Framework, where Exception.Data demands it).
        /// </summary>
        private static void AttachTo(ErrorRecord record, List<KeyValuePair<(bool Speech, int Row), Entry>> made)
        {
            if (made.Count == 0) return;
            var ids = new List<string>();
            foreach (IGrouping<bool, Entry> kind in made.GroupBy(p => p.Key.Speech, p => p.Value))
            {
                record.Exception.Data[kind.Key ? "AkoolCreatedSpeeches" : "AkoolCreatedVideos"] = kind.Select(e => e.Item).ToArray();
                ids.Add($"{kind.Count()} {(kind.Key ? "speech(es)" : "video(s)")}: {string.Join(", ", kind.Select(e => e.Id))}");
            }
            string said = "The batch stopped here; Akool had already created " + string.Join("; ", ids) + " in this run, keep them.";
            // Escaped as ErrorClassifier.Create escapes every message: it may quote what a server sent.
            record.ErrorDetails ??= new ErrorDetails(DisplayText.Escape(record.Exception.Message));
            string? advice = record.ErrorDetails.RecommendedAction;
            record.ErrorDetails.RecommendedAction = string.IsNullOrEmpty(advice) ? said : advice + " " + said;
        }

        private sealed record Entry(string Subject, object Item, string Id);
    }
}
