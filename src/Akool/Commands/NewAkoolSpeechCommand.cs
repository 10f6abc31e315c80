using System;
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
    /// <summary>Has Akool's text to speech speak a text (spends credits).</summary>
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
        private CreatedInRun<SpeechItem>? _run;
        private BackgroundWork<SpeechItem>? _work;
        private CmdletJournal? _journal;
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

        /// <summary>A file recording each speech created and its id, written before the speech is sent and as it is spoken.</summary>
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
            _journal = CmdletJournal.Open(this, JournalPath);
            _work = StartEngine<SpeechItem>(DoAsync, ThrottleLimit, ReportOrder.Input, CreateGracePeriod);
            _run = new CreatedInRun<SpeechItem>(this, "New-AkoolSpeech", JournalPath, _work, i => i.Job.JournaledId == null ? i.Subject : null, Subject);
            _progress = new ThrottledProgress(this, ProgressActivityId, Wait ? "Waiting for Akool speeches" : "Creating Akool speeches");
        }

        /// <inheritdoc />
        protected override void ProcessRecord() => _run!.Guarded(() =>
        {
            int row = ++_row;
            string? name = string.IsNullOrWhiteSpace(Name) ? null : Name!.Trim();
            string subject = Subject(row, name);
            string? language = string.IsNullOrWhiteSpace(Language) ? null : Language!.Trim();
            TimeSpan timeout = TimeSpan.FromSeconds(SpeechTimeoutSec);
            var typed = new SpeechJob(Text, Voice.Trim(), Voice.Trim(), language, timeout);
            string? problem = VoiceLookup.Problem(Text, Voice, SpeechCharacterLimit);
            if (problem != null)
            {
                _run.Refuse(ErrorClassifier.Create(ErrorIds.InvalidInput, ErrorCategory.InvalidArgument, Text, $"{subject}: {problem}", "Fix the input; nothing was sent for it."));
                return;
            }
            if (!_run.NameIsNew(row, subject, name, typed.ToSpeech(name))) return;

            // The journal is read before the voice: a speech it has needs no lookup.
            string? key = _journal == null ? null : _rowKeys.NextSpeech(SpeechJob.KeyPart(Text, Voice, language), name);
            JournalEntry? earlier = key == null ? null : _journal!.Find(key);
            SpeechJob? job = _voices.Decide(this, _run, earlier, subject, typed.ToSpeech(name), Text, Voice, language, timeout, Force);
            if (job == null) return;
            // A speech from the journal asks too: reading it again records it in the journal, a file written.
            bool asked = job.JournaledId != null
                ? ShouldProcess($"{subject}: speech {job.JournaledId} (already created, not billed again)", "Read an Akool speech again")
                : ShouldProcess(string.Format(CultureInfo.InvariantCulture, "{0}: {1} characters in voice '{2}' (billed per 1,000 characters)", subject, job.Characters, DisplayText.Escape(job.VoiceLabel)), "Create an Akool speech (spends credits)");
            if (!asked) return;

            _work!.WaitForRoom(ThrottleLimit * QueuedPerSlot);
            _work.Start(new SpeechItem(row, subject, name, job, Wait.IsPresent, new RowJournal(key == null ? null : _journal!.Writable(), key, row, name)));
            _started++;
            ShowProgress();
        });

        /// <inheritdoc />
        protected override void EndProcessing() => _run!.Guarded(() =>
        {
            _work!.WaitUntilDone(null, ShowProgress, ProgressEvery);
            _progress!.Complete();
            _run.SummarizeRepeats();
            _journal?.Release(_work);
        });

        /// <inheritdoc />
        protected override void Dispose(bool disposing)
        {
            if (disposing) _journal?.Release(_work);
            base.Dispose(disposing);
        }

        private async Task<Step<SpeechItem>> DoAsync(SpeechItem item, WorkContext context)
        {
            SpeechResult result = await SpeechStep.SpeakAsync(ActiveConnection.Client, item.Job, item.Subject, item.Name, item.Journal, item.Wait, context,
                speech => _run!.Add(item.Row, speech, output: true), warning => context.Post(() => WriteWarning(warning)),
                repeat => context.Post(() => _run!.Repeated(item.Row, repeat))).ConfigureAwait(false);
            return Step<SpeechItem>.Report(() =>
            {
                if (result.Error != null)
                {
                    _failed++;
                    _run!.Fail(result.Error);
                    return;
                }
                _written++;
                if (!_run!.MarkWritten(item.Row)) return;
                Completion.SeenIds.Speeches.Remember(result.Speech.Id, result.Speech.Name);
                WriteObject(result.Speech);
            });
        }

        private void ShowProgress()
        {
            if (_started == 0 || !_progress!.IsDue) return;
            string status = string.Format(CultureInfo.CurrentCulture, Wait ? "{0} of {2} spoken, {1} failed" : "{0} of {2} created, {1} failed", _written, _failed, _started);
            _progress.Report(status, (_written + _failed) * 100 / _started);
        }

        private static string Subject(int row, string? name) => name == null ? $"Speech {row}" : $"Speech {row} ('{DisplayText.Escape(name.Trim())}')";

        private sealed record SpeechItem(int Row, string Subject, string? Name, SpeechJob Job, bool Wait, RowJournal Journal);
    }
}
