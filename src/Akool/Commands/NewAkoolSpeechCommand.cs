using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Commands.Speech;
using Akool.Completion;
using Akool.Concurrency;
using Akool.Journal;

namespace Akool.Commands
{
    /// <summary>
    /// <para type="synopsis">Has Akool's text to speech speak a text (spends credits); returns speech objects whose AudioUrl pipes into New-AkoolTalkingPhoto.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "AkoolSpeech", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AkoolSpeech))]
    public sealed class NewAkoolSpeechCommand : AkoolApiCmdlet
    {
        // As for video creates: a speech create on the wire when the pipeline ends early gets this long to finish.
        private static readonly TimeSpan CreateGracePeriod = TimeSpan.FromSeconds(10);
        private const int ProgressActivityId = 0x4B4;
        private static readonly TimeSpan ProgressEvery = TimeSpan.FromMilliseconds(250);
        // Inputs may queue ahead of the creates in flight (so reading the next ones overlaps the network), bounded so a
        // long CSV is not read into memory at once: 32 at the default -ThrottleLimit, as before it existed.
        private const int QueuedPerSlot = 8;

        private readonly VoiceLookup _voices = new VoiceLookup();
        private readonly RowKey _rowKeys = new RowKey();
        private readonly CreatedInRun<AkoolSpeech> _created =
            new CreatedInRun<AkoolSpeech>("New-AkoolSpeech", "speech(es)", "pass the ids to Save-AkoolSpeech -Id", "AkoolCreatedSpeeches", speech => speech.Id);
        private BackgroundWork<SpeechItem>? _work;
        private BatchJournal? _journal;
        private int _row;
        private bool _stopOnError;
        private bool _stopReported;
        private ThrottledProgress? _progress;
        private int _started;
        private int _written;
        private int _failed;

        /// <summary>What to say.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Script", "input_text")]
        [AllowEmptyString]
        public string Text { get; set; } = string.Empty;

        /// <summary>The voice: a name, voice_id or the list's _id (Get-AkoolVoice); its voice_id is sent.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("voice_id", "VoiceId")]
        [ArgumentCompleter(typeof(VoiceCompleter))]
        [AllowEmptyString]
        public string Voice { get; set; } = string.Empty;

        /// <summary>The language of the text (ISO 639-1), sent as language_code.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("language_code")]
        [AllowEmptyString]
        [AllowNull]
        public string? Language { get; set; }

        /// <summary>A label kept on the speech (it binds to New-AkoolTalkingPhoto's -Name).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [AllowNull]
        public string? Name { get; set; }

        /// <summary>Wait until each speech is spoken (or failed) and write it then, with its MP3's URL.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>The most characters one text may have (your plan's per-request limit).</summary>
        [Parameter]
        [ValidateRange(1, 1000000)]
        public int SpeechCharacterLimit { get; set; } = AkoolClient.DefaultSpeechCharacterLimit;

        /// <summary>
        /// A file recording each speech created and its id, written before the speech is sent and as it is spoken. Run
        /// the same texts with the same journal again and speeches already created are not paid for again.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? JournalPath { get; set; }

        /// <summary>With -JournalPath: create again a speech whose earlier create's outcome is unknown (it may be billed twice).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>How many speech creates (and, with -Wait, polls) may be in flight at once.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _stopOnError = this.ErrorsStop();
            if (JournalPath != null) _journal = CmdletJournal.Open(this, JournalPath);
            _work = StartEngine<SpeechItem>(DoAsync, ThrottleLimit, ReportOrder.Input, CreateGracePeriod);
            _progress = new ThrottledProgress(this, ProgressActivityId, Wait ? "Waiting for Akool speeches" : "Creating Akool speeches");
        }

        /// <inheritdoc />
        protected override void ProcessRecord() => Guarded(() =>
        {
            int row = ++_row;
            string? name = string.IsNullOrWhiteSpace(Name) ? null : Name!.Trim();
            string subject = name == null ? $"Speech {row}" : $"Speech {row} ('{DisplayText.Escape(name)}')";
            string? problem = SpeechRules.Problem(Text, Voice, SpeechCharacterLimit);
            if (problem != null)
            {
                Refuse(ErrorClassifier.Create(ErrorIds.InvalidInput, ErrorCategory.InvalidArgument, Text, $"{subject}: {problem}", "Fix the input; nothing was sent for it."));
                return;
            }

            VoiceInfo? voice = _voices.Find(Voice, this, out Exception? failure);
            if (failure != null)
            {
                Refuse(ErrorClassifier.From(failure, $"{subject}: listing Akool's voices failed, so nothing was sent", Voice));
                return;
            }

            if (voice == null)
            {
                Refuse(SpeechRules.VoiceNotFound(subject, Voice, Voice));
                return;
            }

            var job = new SpeechJob(Text, voice.VoiceId, voice.Name ?? voice.VoiceId, string.IsNullOrWhiteSpace(Language) ? null : Language!.Trim());
            string? key = _journal == null ? null : _rowKeys.NextSpeech(job.JournalPart, name);
            JournalEntry? earlier = key == null ? null : _journal!.Find(key);
            if (earlier != null && FromJournal(earlier, subject, name, ref job)) return;

            if (job.SpeechId == null && !ShouldProcess(string.Format(CultureInfo.InvariantCulture, "{0}: {1} characters in voice '{2}' (billed per 1,000 characters)", subject, job.Characters, DisplayText.Escape(job.VoiceLabel)), "Create an Akool speech (spends credits)")) return;

            _work!.WaitForRoom(ThrottleLimit * QueuedPerSlot);
            _work.Start(new SpeechItem(row, subject, name, job, Wait.IsPresent, key, _journal));
            _started++;
            ShowProgress();
        });

        /// <inheritdoc />
        protected override void EndProcessing() => Guarded(() =>
        {
            _work!.WaitUntilDone(null, ShowProgress, ProgressEvery);
            _progress!.Complete();
            CmdletJournal.Release(ref _journal, _work);
        });

        /// <inheritdoc />
        protected override void Dispose(bool disposing)
        {
            if (disposing) CmdletJournal.Release(ref _journal, _work);
            base.Dispose(disposing);
        }

        /// <summary>
        /// A speech the journal knows: one created or spoken in an earlier run is looked up (and waited on with -Wait),
        /// never paid for again; one Akool refused is created again; one whose create's outcome is unknown is refused
        /// until -Force. Returns true when the input is done (refused).
        /// </summary>
        private bool FromJournal(JournalEntry earlier, string subject, string? name, ref SpeechJob job)
        {
            switch (earlier.State)
            {
                case JournalState.SpeechCreated when earlier.Id != null:
                    WriteVerbose($"{subject}: speech {earlier.Id} was created in an earlier run (journal); looking it up, not paying for it again.");
                    job = job.WithId(earlier.Id);
                    return false;
                case JournalState.SpeechCompleted when earlier.Id != null && earlier.AudioUrl != null:
                    WriteVerbose($"{subject}: speech {earlier.Id} was spoken in an earlier run (journal); looking it up, not paying for it again.");
                    job = job.WithUrl(earlier.Id, earlier.AudioUrl);
                    return false;
                case JournalState.SpeechFailed:
                    return false;
                default:
                    // Submitting or Unknown (or a line without the id it should have): Akool may have made it.
                    if (Force)
                    {
                        WriteWarning($"{subject}: an earlier create's outcome is unknown; creating it again because of -Force (it may be billed twice).");
                        return false;
                    }
                    Refuse(ErrorClassifier.Create(ErrorIds.AlreadySubmittedOutcomeUnknown, ErrorCategory.ResourceExists, job.ToSpeech(name),
                        $"{subject} was sent to Akool in an earlier run whose answer never came back, so Akool may already have made (and billed) it.",
                        "Look for it in the Akool console; to create it again anyway, run with -Force."));
                    return true;
            }
        }

        /// <summary>
        /// An input refused before anything was sent, reported in its turn (after the speeches before it). When errors
        /// stop the pipeline (-ErrorAction Stop) the run ends here: the speeches before it are finished and written
        /// first, and no later input is read, so none is billed.
        /// </summary>
        private void Refuse(ErrorRecord record)
        {
            _work!.Done(() => WriteError(record));
            if (_stopOnError) _work.WaitUntilDone();
        }

        /// <summary>
        /// Runs a pipeline step through the engine's guard; when the pipeline ends early (Ctrl+C, a failure downstream,
        /// -ErrorAction Stop) one warning names every speech this run created (and billed), whose objects may never
        /// reach the pipeline, and the creates still without an answer, before the exception goes on.
        /// </summary>
        private void Guarded(Action step)
        {
            try
            {
                _work!.Guard(step);
            }
            catch (Exception)
            {
                ReportStop();
                throw;
            }
        }

        private void ReportStop()
        {
            if (_stopReported || _work == null) return;
            _stopReported = true;
            List<string> inFlight = _work.Outstanding.Where(i => i.Job.SpeechId == null).OrderBy(i => i.Row).Select(i => i.Subject).ToList();
            string? warning = _created.StopWarning(inFlight, JournalPath);
            if (warning != null) WarnEvenIfStopping(warning);
        }

        private async Task<Step<SpeechItem>> DoAsync(SpeechItem item, WorkContext context)
        {
            SpeechProgress progress = await SpeechStep.AdvanceAsync(ActiveConnection.Client, item.Job, item.Subject, item.Name, item.Journal, context).ConfigureAwait(false);
            if (item.Job.SpeechId == null && progress.Job.SpeechId != null) _created.Add(item.Row, item.Subject, progress.Job.ToSpeech(item.Name, progress.Info));
            string? journalProblem = progress.JournalProblem;
            Action? warning = journalProblem == null ? (Action?)null
                : () => WriteWarning($"{item.Subject}: speech {progress.Job.SpeechId} is {(progress.Kind == SpeechProgressKind.Spoken ? "spoken" : "created")}, but the journal could not record it ({journalProblem}); keep this id.");
            switch (progress.Kind)
            {
                case SpeechProgressKind.Waiting when item.Wait:
                    return Step<SpeechItem>.Again(item.With(progress.Job), progress.After, warning);
                case SpeechProgressKind.Waiting:
                case SpeechProgressKind.Spoken:
                    AkoolSpeech speech = progress.Job.ToSpeech(item.Name, progress.Info);
                    return Step<SpeechItem>.Report(() =>
                    {
                        warning?.Invoke();
                        _created.MarkWritten(item.Row);
                        _written++;
                        Completion.SeenSpeeches.Remember(speech);
                        WriteObject(speech);
                    });
                default:
                    AkoolSpeech target = progress.Job.ToSpeech(item.Name, progress.Info);
                    return Step<SpeechItem>.Report(() =>
                    {
                        _failed++;
                        if (progress.Record != null) WriteError(progress.Record);
                        else WriteFailure(progress.Error!, item.Subject, target);
                    });
            }
        }

        /// <summary>The bar of a run: how many of the speeches sent so far are written (spoken, with -Wait) or failed.</summary>
        private void ShowProgress()
        {
            if (_started == 0 || !_progress!.IsDue) return;
            string status = string.Format(CultureInfo.CurrentCulture, Wait ? "{0} of {2} spoken, {1} failed" : "{0} of {2} created, {1} failed", _written, _failed, _started);
            _progress.Report(status, (_written + _failed) * 100 / _started);
        }

        /// <summary>One speech's work, immutable: a new item per step. Its journal lines carry its key and input number.</summary>
        private sealed class SpeechItem
        {
            private readonly string? _key;
            private readonly BatchJournal? _journal;

            public SpeechItem(int row, string subject, string? name, SpeechJob job, bool wait, string? key, BatchJournal? journal)
            {
                Row = row;
                Subject = subject;
                Name = name;
                Job = job;
                Wait = wait;
                _key = key;
                _journal = journal;
            }

            public int Row { get; }

            public string Subject { get; }

            public string? Name { get; }

            public SpeechJob Job { get; }

            public bool Wait { get; }

            /// <summary>The same speech one step further.</summary>
            public SpeechItem With(SpeechJob job) => new SpeechItem(Row, Subject, Name, job, Wait, _key, _journal);

            /// <summary>
            /// Appends this speech's line (see <see cref="SpeechJournal"/>); nothing without -JournalPath. A speech the
            /// journal already knows as spoken at that URL is not written again on every re-run.
            /// </summary>
            public void Journal(JournalState state, string? speechId, string? url, string? reason)
            {
                if (_key == null || _journal == null) return;
                if (state == JournalState.SpeechCompleted && url != null && url == Job.Url) return;
                _journal.Append(new JournalEntry { Key = _key, State = state, Id = speechId, Row = Row, Name = Name, AudioUrl = url, Reason = reason });
            }
        }
    }
}
