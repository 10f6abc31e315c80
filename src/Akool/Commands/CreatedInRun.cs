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
    // The early stop of both New cmdlets: WriteError lets PowerShell decide whether an error stops the run; when one
    // does, no later row is sent, items not yet written are written, and one warning plus the terminating error's
    // Exception.Data['AkoolCreatedVideos'] / ['AkoolCreatedSpeeches'] name everything made (`$v = ... | New-...`
    // assigns nothing then). A stop from elsewhere (Ctrl+C, a failure downstream) gets the same warning.
    internal sealed class CreatedInRun<TWork>(AsyncPipelineCmdlet cmdlet, string cmdletName, string? journalPath, BackgroundWork<TWork> work, Func<TWork, string?> unanswered, Func<int, string?, string> subject)
    {
        private readonly object _gate = new object();
        // One inline slot per row for the whole run, sorted only when a stop lists them (videos, then speeches, by row);
        // a row's subject is rebuilt from its row and name then, not kept for every row of a long batch.
        private readonly Dictionary<(bool Speech, int Row), Entry> _made = new Dictionary<(bool Speech, int Row), Entry>();
        // The run's names so far (case-insensitive, as file names may be), with their rows.
        private readonly Dictionary<string, int> _rowByName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        // The inputs whose create was sent again (pipeline thread only): each is warned of once, and the end names them all.
        private readonly SortedSet<int> _repeatedRows = new SortedSet<int>();
        // The rows not sent because Akool said the credit was gone (any thread), named once at the end.
        private readonly SortedDictionary<int, string> _notSent = new SortedDictionary<int, string>();
        private volatile bool _creditGone;
        private bool _stopReported;

        public void Add(int row, AkoolVideo video) => Add((false, row), new Entry(video, video.Id, video.Name, Written: false));

        public void Add(int row, AkoolSpeech speech, bool output) => Add((true, row), new Entry(speech, speech.Id, speech.Name, Written: !output));

        public bool MarkWritten(int row)
        {
            lock (_gate)
            {
                (bool, int) key = _made.ContainsKey((false, row)) ? (false, row) : (true, row);
                return !_made.ContainsKey(key) || Take(key);
            }
        }

        // The first repeat of a row is a warning, later ones verbose (a throttled batch repeats often).
        public void Repeated(int row, string message)
        {
            if (_repeatedRows.Add(row)) cmdlet.WriteWarning(message);
            else cmdlet.WriteVerbose(message);
        }

        public void SummarizeRepeats()
        {
            if (_repeatedRows.Count == 0) return;
            cmdlet.WriteWarning($"{_repeatedRows.Count} row(s) were sent again after Akool said it was busy (HTTP 429/503, code 1005) or refused the connection: rows {string.Join(", ", _repeatedRows)}; see "
                + (journalPath != null ? $"the \"repeats\" of the journal '{journalPath}', or " : string.Empty) + "the warnings above.");
        }

        // Akool refused a create for want of credit: every later one would be refused too, so none is sent.
        public void CreditRanOut() => _creditGone = true;

        public bool CreditGone => _creditGone;

        // Nothing is journaled for a row not sent, so a re-run sends it.
        public void NotSent(int row, string subject)
        {
            lock (_gate) _notSent[row] = subject;
        }

        public void SummarizeNotSent()
        {
            List<KeyValuePair<int, string>> rows;
            lock (_gate) rows = _notSent.ToList();
            if (rows.Count == 0) return;
            Fail(ErrorClassifier.Create(ErrorIds.NotSentNoCredit, ErrorCategory.QuotaExceeded, rows.Select(p => p.Key).ToArray(),
                $"{rows.Count} row(s) were not sent, since Akool answered that the credit is used up; nothing was billed for them: " + string.Join(", ", rows.Select(p => p.Value)) + ".",
                "Add credit (Get-AkoolCredit shows the balance), then run the batch again" + (journalPath != null
                    ? $" with -JournalPath '{journalPath}': the rows already made are not sent again."
                    : " with only these rows (or with -JournalPath next time), or the rows already made are billed again.")));
        }

        public void Guarded(Action step)
        {
            try
            {
                work.Guard(step);
            }
            catch (Exception)
            {
                ReportStop(null);
                throw;
            }
        }

        public void Refuse(ErrorRecord record)
        {
            work.Drain();
            Fail(record);
        }

        public bool MaySendAgain(bool force, string subject, string what, object target)
        {
            if (force)
            {
                cmdlet.WriteWarning($"{subject}: an earlier create of {what} has an unknown outcome; sending it again because of -Force (it may be billed twice).");
                return true;
            }
            Refuse(ErrorClassifier.Create(ErrorIds.AlreadySubmittedOutcomeUnknown, ErrorCategory.ResourceExists, target,
                $"{subject}: {what} was sent to Akool in an earlier run whose answer never came back, so Akool may already have made (and billed) it.",
                "Look for it in the Akool console; to send it again anyway, run with -Force."));
            return false;
        }

        // Two inputs with one Name would be saved to one file, and a re-run could credit one's file to the other.
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

        public void Fail(Exception exception, string subject, object? target)
        {
            if (exception is OperationCanceledException && cmdlet.StopToken.IsCancellationRequested) throw new PipelineStoppedException();
            Fail(ErrorClassifier.From(exception, subject, target));
        }

        public void Fail(ErrorRecord record)
        {
            try
            {
                cmdlet.WriteError(record);
            }
            catch (Exception ex) when (ex is PipelineStoppedException || ex is ActionPreferenceStopException)
            {
                work.Stop();
                ReportStop(record);
                throw;
            }
        }

        private void ReportStop(ErrorRecord? record)
        {
            if (_stopReported) return;
            _stopReported = true;
            List<KeyValuePair<(bool Speech, int Row), Entry>> made;
            lock (_gate) made = _made.OrderBy(p => p.Key).ToList();
            string? warning = StopWarning(made);
            try
            {
                if (record == null) return;
                AttachTo(record, made);
                if (cmdlet.StopToken.IsCancellationRequested) return;
                foreach (Entry entry in made.Where(p => Take(p.Key)).Select(p => p.Value))
                {
                    if (entry.Item is AkoolVideo video) cmdlet.WriteVideo(video);
                    else cmdlet.WriteObject(entry.Item);
                }
            }
            finally
            {
                if (warning != null) cmdlet.WarnEvenIfStopping(warning);
            }
        }

        private void Add((bool Speech, int Row) key, Entry entry)
        {
            lock (_gate) _made[key] = entry;
        }

        private bool Take((bool Speech, int Row) key)
        {
            lock (_gate)
            {
                Entry entry = _made[key];
                _made[key] = entry with { Written = true };
                return !entry.Written;
            }
        }

        private string? StopWarning(List<KeyValuePair<(bool Speech, int Row), Entry>> made)
        {
            List<string> inFlight = work.Outstanding.Select(unanswered).Where(s => s != null).Select(s => s!).OrderBy(s => s, StringComparer.Ordinal).ToList();
            if (made.Count == 0 && inFlight.Count == 0) return null;
            var text = new StringBuilder(cmdletName).Append(" stopped early.");
            foreach (IGrouping<bool, KeyValuePair<(bool Speech, int Row), Entry>> kind in made.GroupBy(p => p.Key.Speech))
            {
                text.Append(kind.Key && made[0].Key.Speech == false ? "\n" : " ").Append(kind.Count()).Append(kind.Key ? " speech(es)" : " video(s)")
                    .Append(" were created (and billed) in this run; keep their ids, and do not submit their rows again")
                    .Append(journalPath != null ? $" (the journal '{journalPath}' has them too):" : kind.Key ? " (pass the ids to Save-AkoolSpeech -Id):" : " (pass the ids to Wait-AkoolVideo -Id):");
                foreach (KeyValuePair<(bool Speech, int Row), Entry> p in kind) text.Append("\n  ").Append(p.Value.Id).Append("  ").Append(subject(p.Key.Row, p.Value.Name));
            }
            if (inFlight.Count > 0)
            {
                text.Append(made.Count > 0 ? "\n" : " ").Append(inFlight.Count)
                    .Append(" create(s) had been sent without an answer yet; Akool may have made (and billed) them, so look in the Akool console before submitting them again:");
                foreach (string subject in inFlight) text.Append("\n  ").Append(subject);
            }
            return text.ToString();
        }

        // object[]: Exception.Data demands serializable values on .NET Framework.
        private static void AttachTo(ErrorRecord record, List<KeyValuePair<(bool Speech, int Row), Entry>> made)
        {
            if (made.Count == 0) return;
            var ids = new List<string>();
            foreach (IGrouping<bool, Entry> kind in made.GroupBy(p => p.Key.Speech, p => p.Value))
            {
                record.Exception.Data[kind.Key ? "AkoolCreatedSpeeches" : "AkoolCreatedVideos"] = kind.Select(e => e.Item).ToArray();
                ids.Add($"{kind.Count()} {(kind.Key ? "speech(es)" : "video(s)")}: {string.Join(", ", kind.Select(e => e.Id))}");
            }
            // After the advice, in the message users see (the exception's Message is fixed once thrown; Data has them).
            // Escaped as ErrorClassifier.Create escapes every message: it may quote what a server sent.
            string said = " The batch stopped here; Akool had already created " + string.Join("; ", ids) + " in this run, keep them.";
            record.ErrorDetails = new ErrorDetails(DisplayText.Escape((record.ErrorDetails?.Message ?? record.Exception.Message) + said));
        }

        private readonly record struct Entry(object Item, string Id, string? Name, bool Written);
    }
}
