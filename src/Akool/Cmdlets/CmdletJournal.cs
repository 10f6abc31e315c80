using System;
using System.IO;
using System.Management.Automation;
using Akool.Concurrency;
using Akool.Errors;
using Akool.Input;
using Akool.Journal;

namespace Akool
{
    // Read at the start; taken for writing only once ShouldProcess lets a row go on (so -WhatIf leaves the file
    // untouched); closed only once no worker can still write to it.
    internal sealed class CmdletJournal(PSCmdlet cmdlet, string typed, string path)
    {
        private BatchJournal? _journal;
        private bool _writable;

        public static CmdletJournal? Open(PSCmdlet cmdlet, string? journalPath)
        {
            if (journalPath == null) return null;
            string path = FileSystemPath.Resolve(cmdlet, journalPath, ErrorIds.JournalInvalid, "journal path");
            if (Directory.Exists(path))
            {
                cmdlet.Terminate(ErrorClassifier.Create(ErrorIds.JournalInvalid, ErrorCategory.InvalidArgument, journalPath,
                    $"The journal path '{path}' is a folder; the journal is a file. Nothing was submitted.",
                    $"Give -JournalPath a file name, for example '{Path.Combine(path, "batch.journal")}'."));
            }
            var journal = new CmdletJournal(cmdlet, journalPath, path);
            BatchJournal read = journal._journal = journal.Use(BatchJournal.OpenReadOnly);
            if (read.IgnoredLines > 0)
            {
                cmdlet.WriteWarning($"The journal '{path}' has {read.IgnoredLines} unreadable line(s), probably from a crash while writing; they were skipped.");
            }
            cmdlet.WriteVerbose($"Journal '{path}' knows {read.Count} row(s).");
            return journal;
        }

        public JournalEntry? Find(string key) => _journal!.Find(key);

        public BatchJournal Writable()
        {
            if (_writable) return _journal!;
            long readLength = _journal!.ReadLength;
            _journal.Dispose();
            _journal = Use(BatchJournal.Open);
            _writable = true;
            if (_journal.ReadLength != readLength)
            {
                Terminate(new JournalInUseException($"The journal '{path}' was written by another run after this one read it."));
            }
            return _journal;
        }

        public void Release<TItem>(BackgroundWork<TItem>? work)
        {
            BatchJournal? open = _journal;
            _journal = null;
            if (open == null) return;
            if (work == null) open.Dispose();
            else work.AfterLastWork(open.Dispose);
        }

        private BatchJournal Use(Func<string, BatchJournal> open)
        {
            try
            {
                return open(path);
            }
            catch (Exception ex) when (ex is IOException || ex is InvalidDataException || ex is UnauthorizedAccessException)
            {
                Terminate(ex);
                throw;
            }
        }

        private void Terminate(Exception ex)
        {
            if (ex is JournalInUseException inUse)
            {
                string message = inUse.HeldInThisProcess
                    ? $"The journal '{path}' is open in another command of this pipeline or PowerShell session (another runspace of this process); two commands with one journal would both submit every row. Nothing was submitted."
                    : ex.Message + " Nothing was submitted.";
                cmdlet.ThrowTerminatingError(ErrorClassifier.Create(ex, ErrorIds.JournalInUse, ErrorCategory.ResourceBusy, typed, message,
                    "Give each command its own -JournalPath, or wait for the other run to finish and run this one again with the same journal."));
            }
            cmdlet.ThrowTerminatingError(ErrorClassifier.Create(ex, ErrorIds.JournalInvalid, ErrorCategory.InvalidData, typed,
                $"Cannot use '{path}' as the batch journal: {ex.Message}", "Give a new file name, or the journal file of an earlier run of this batch."));
        }
    }
}
