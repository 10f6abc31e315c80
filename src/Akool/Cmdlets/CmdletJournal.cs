using System;
using System.IO;
using System.Management.Automation;
using Akool.Concurrency;
using Akool.Errors;
using Akool.Input;
using Akool.Journal;

namespace Akool
{
    /// <summary>
    /// The -JournalPath of the cmdlets that create billed things (New-AkoolTalkingPhoto, New-AkoolSpeech): opening
    /// it with errors that say what to do, and closing it only once no worker can still write to it.
    /// </summary>
    internal static class CmdletJournal
    {
        /// <summary>
        /// Opens the journal at <paramref name="journalPath"/> for <paramref name="cmdlet"/>'s run, or stops the
        /// cmdlet (terminating) before anything is sent. Under -WhatIf it is read (to show which rows would be
        /// skipped) but nothing is created, locked or written.
        /// </summary>
        public static BatchJournal Open(PSCmdlet cmdlet, string journalPath)
        {
            string path = FileSystemPath.Resolve(cmdlet, journalPath, ErrorIds.JournalInvalid, "journal path");
            if (Directory.Exists(path))
            {
                cmdlet.Terminate(ErrorClassifier.Create(ErrorIds.JournalInvalid, ErrorCategory.InvalidArgument, journalPath,
                    $"The journal path '{path}' is a folder; the journal is a file. Nothing was submitted.",
                    $"Give -JournalPath a file name, for example '{Path.Combine(path, "batch.journal")}'."));
            }
            try
            {
                BatchJournal journal = WhatIfRequested(cmdlet) ? BatchJournal.OpenReadOnly(path) : BatchJournal.Open(path);
                if (journal.IgnoredLines > 0)
                {
                    cmdlet.WriteWarning($"The journal '{path}' has {journal.IgnoredLines} unreadable line(s), probably from a crash while writing; they were skipped.");
                }
                cmdlet.WriteVerbose($"Journal '{path}' knows {journal.Count} row(s).");
                return journal;
            }
            catch (JournalInUseException ex)
            {
                string message = ex.HeldInThisProcess
                    ? $"The journal '{path}' is open in another command of this pipeline or PowerShell session (another runspace of this process); two commands with one journal would both submit every row. Nothing was submitted."
                    : ex.Message + " Nothing was submitted.";
                cmdlet.ThrowTerminatingError(ErrorClassifier.Create(ex, ErrorIds.JournalInUse, ErrorCategory.ResourceBusy, journalPath, message,
                    "Give each command its own -JournalPath, or wait for the other run to finish and run this one again with the same journal."));
                throw;
            }
            catch (Exception ex) when (ex is IOException || ex is InvalidDataException || ex is UnauthorizedAccessException)
            {
                cmdlet.ThrowTerminatingError(ErrorClassifier.Create(ex, ErrorIds.JournalInvalid, ErrorCategory.InvalidData, journalPath,
                    $"Cannot use '{path}' as the batch journal: {ex.Message}", "Give a new file name, or the journal file of an earlier run of this batch."));
                throw;
            }
        }

        /// <summary>
        /// Closes <paramref name="journal"/> (and forgets it) once no worker of <paramref name="work"/> can still write
        /// to it: at once when the engine never started, else when its last worker ends.
        /// </summary>
        public static void Release<TItem>(ref BatchJournal? journal, BackgroundWork<TItem>? work)
        {
            BatchJournal? open = journal;
            journal = null;
            if (open == null) return;
            if (work == null) open.Dispose();
            else work.AfterLastWork(open.Dispose);
        }

        private static bool WhatIfRequested(PSCmdlet cmdlet) =>
            cmdlet.MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? whatIf)
                ? ((SwitchParameter)whatIf).IsPresent
                : LanguagePrimitives.IsTrue(cmdlet.GetVariableValue("WhatIfPreference"));
    }
}
