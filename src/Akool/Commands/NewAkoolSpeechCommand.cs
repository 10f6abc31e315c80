using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Commands.Speech;
using Akool.Completion;
using Akool.Concurrency;
using Akool.Errors;
using Akool.Journal;
using Akool.Models;

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
        private readonly Dictionary<string, int> _rowByName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        private CreatedInRun<SpeechItem>? _run;
        private BackgroundWork<SpeechItem>? _work;
        private BatchJournal? _journal;
        private int _row;
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

        /// <summary>With -Wait: how long, in seconds, one speech may take to be spoken before it is reported (it stays journaled).</summary>
        [Parameter]
        [ValidateRange(1.0, 86400.0)]
        public double SpeechTimeoutSec { get; set; } = SpeechStep.DefaultTimeoutSeconds;

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
            if (JournalPath != null) _journal = CmdletJournal.Open(this, JournalPath);
            _work = StartEngine<SpeechItem>(DoAsync, ThrottleLimit, ReportOrder.Input, CreateGracePeriod);
            _run = new CreatedInRun<SpeechItem>(this, "New-AkoolSpeech", JournalPath, _work, i => i.Job.SpeechId == null ? i.Subject : null);
            _progress = new ThrottledProgress(this, ProgressActivityId, Wait ? "Waiting for Akool speeches" : "Creating Akool speeches");
        }

        /// <inheritdoc />
        protected override void ProcessRecord() => _run!.Guarded(() =>
        {
            int row = ++_row;
            string? name = string.IsNullOrWhiteSpace(Name) ? null : Name!.Trim();
            string subject = name == null ? $"Speech {row}" : $"Speech {row} ('{DisplayText.Escape(name)}')";
            string? language = string.IsNullOrWhiteSpace(Language) ? null : Language!.Trim();
            var typed = new SpeechJob(Text, Voice.Trim(), Voice.Trim(), language, TimeSpan.FromSeconds(SpeechTimeoutSec));
            string? problem = SpeechRules.Problem(Text, Voice, SpeechCharacterLimit);
            if (problem != null)
            {
                _run.Refuse(ErrorClassifier.Create(ErrorIds.InvalidInput, ErrorCategory.InvalidArgument, Text, $"{subject}: {problem}", "Fix the input; nothing was sent for it."));
                return;
            }
            if (!_run.NameIsNew(_rowByName, row, subject, name, typed.ToSpeech(name))) return;

            // The journal is read before the voice: a speech it has needs no lookup.
            string? key = _journal == null ? null : _rowKeys.NextSpeech(SpeechJob.KeyPart(Text, Voice, language), name);
            JournalEntry? earlier = key == null ? null : _journal!.Find(key);
            JournalVerdict verdict = BilledCreate.Speech.Decide(earlier);
            SpeechJob? job = verdict == JournalVerdict.Made ? typed.WithId(earlier!.Id!, fromJournal: true, earlier.AudioUrl) : null;
            if (job != null) WriteVerbose($"{subject}: speech {job.SpeechId} was created in an earlier run (journal); looking it up, not paying for it again.");
            else if ((verdict == JournalVerdict.InDoubt && !_run.MaySendAgain(Force, subject, "it", typed.ToSpeech(name))) || (job = NewJob(subject, language)) == null) return;

            if (job.SpeechId == null && !ShouldProcess(string.Format(CultureInfo.InvariantCulture, "{0}: {1} characters in voice '{2}' (billed per 1,000 characters)", subject, job.Characters, DisplayText.Escape(job.VoiceLabel)), "Create an Akool speech (spends credits)")) return;

            _work!.WaitForRoom(ThrottleLimit * QueuedPerSlot);
            _work.Start(new SpeechItem(row, subject, name, job, Wait.IsPresent, new RowJournal(_journal, key, row, name)));
            _started++;
            ShowProgress();
        });

        /// <inheritdoc />
        protected override void EndProcessing() => _run!.Guarded(() =>
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

        /// <summary>A speech to create: its voice must exist (the voices are listed once per run). Null after refusing the input.</summary>
        private SpeechJob? NewJob(string subject, string? language)
        {
            VoiceInfo? voice = _voices.Find(Voice, this, out Exception? failure);
            if (failure != null) _run!.Refuse(ErrorClassifier.From(failure, $"{subject}: listing Akool's voices failed, so nothing was sent", Voice));
            else if (voice == null) _run!.Refuse(SpeechRules.VoiceNotFound(subject, Voice, Voice));
            return voice == null || failure != null ? null : new SpeechJob(Text, voice.VoiceId, voice.Name ?? voice.VoiceId, language, TimeSpan.FromSeconds(SpeechTimeoutSec));
        }

        private async Task<Step<SpeechItem>> DoAsync(SpeechItem item, WorkContext context)
        {
            SpeechProgress progress = await SpeechStep.AdvanceAsync(ActiveConnection.Client, item.Job, item.Subject, item.Name, item.Journal, context,
                warning => context.Post(() => WriteWarning(warning))).ConfigureAwait(false);
            if (progress.Created) _run!.Add(item.Row, item.Subject, progress.Job.ToSpeech(item.Name, progress.Info), output: true);
            string? journalProblem = progress.JournalProblem;
            if (journalProblem != null) context.Post(() => WriteWarning($"{item.Subject}: speech {progress.Job.SpeechId}: the journal could not record it ({journalProblem}); keep this id."));
            switch (progress.Kind)
            {
                case SpeechProgressKind.Waiting when item.Wait:
                    return Step<SpeechItem>.Again(item.With(progress.Job), progress.After);
                case SpeechProgressKind.Waiting:
                case SpeechProgressKind.Spoken:
                    AkoolSpeech speech = progress.Job.ToSpeech(item.Name, progress.Info);
                    return Step<SpeechItem>.Report(() =>
                    {
                        _written++;
                        if (!_run!.MarkWritten(item.Row)) return;
                        Completion.SeenSpeeches.Remember(speech);
                        WriteObject(speech);
                    });
                default:
                    AkoolSpeech target = progress.Job.ToSpeech(item.Name, progress.Info);
                    return Step<SpeechItem>.Report(() =>
                    {
                        _failed++;
                        if (progress.Record != null) _run!.Fail(progress.Record);
                        else _run!.Fail(progress.Error!, item.Subject, target);
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
            public SpeechItem(int row, string subject, string? name, SpeechJob job, bool wait, RowJournal journal)
            {
                Row = row;
                Subject = subject;
                Name = name;
                Job = job;
                Wait = wait;
                Journal = journal;
            }

            public int Row { get; }

            public string Subject { get; }

            public string? Name { get; }

            public SpeechJob Job { get; }

            public bool Wait { get; }

            public RowJournal Journal { get; }

            /// <summary>The same speech one step further.</summary>
            public SpeechItem With(SpeechJob job) => new SpeechItem(Row, Subject, Name, job, Wait, Journal);
        }
    }
}
