using System.Globalization;
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
    /// New-AkoolTalkingPhoto's text rows: a row with Text and Voice instead of AudioUrl first has Akool speak the text
    /// (VoiceLab text to speech), then becomes a video of that speech. Kept apart from the audio rows' code.
    /// </summary>
    public sealed partial class NewAkoolTalkingPhotoCommand
    {
        private readonly VoiceLookup _voices = new VoiceLookup();

        /// <summary>
        /// What the photo says, spoken by Akool's text to speech (billed per 1,000 characters) instead of an AudioUrl.
        /// Needs -Voice.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Script", "input_text")]
        [AllowEmptyString]
        [AllowNull]
        public string? Text { get; set; }

        /// <summary>
        /// The voice that speaks -Text: its name, voice_id or the list's _id (Get-AkoolVoice; both Akool's and your
        /// cloned voices are searched). Akool's docs are ambiguous about which key text to speech wants; the voice's
        /// voice_id is sent.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("voice_id", "VoiceId")]
        [ArgumentCompleter(typeof(VoiceCompleter))]
        [AllowEmptyString]
        [AllowNull]
        public string? Voice { get; set; }

        /// <summary>The language of -Text (ISO 639-1, e.g. "en"), sent as language_code; Akool's default when omitted.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("language_code")]
        [AllowEmptyString]
        [AllowNull]
        public string? Language { get; set; }

        /// <summary>The most characters one row's -Text may have (Akool's per-request limit of your plan); 5,000 on the smallest plan.</summary>
        [Parameter]
        [ValidateRange(1, 1000000)]
        public int SpeechCharacterLimit { get; set; } = AkoolClient.DefaultSpeechCharacterLimit;

        /// <summary>True when the row asks for speech: it has a text, or a Text column that is empty and no AudioUrl (reported).</summary>
        private bool AsksForSpeech => !string.IsNullOrWhiteSpace(Text) || (Text != null && string.IsNullOrWhiteSpace(AudioUrl));

        /// <summary>
        /// Decides a text row on the pipeline thread, before anything is billed: one of AudioUrl and Text, a text
        /// within the limit, and a voice that exists (the voices are listed once per batch). Returns false after
        /// reporting the row.
        /// </summary>
        private bool DecideSpeech(int row, string subject, AkoolVideo video, out SpeechJob? job)
        {
            job = null;
            string text = Text ?? string.Empty;
            string? problem = !string.IsNullOrWhiteSpace(AudioUrl)
                ? "the row has both AudioUrl and Text; give one of them (a recording, or a text for Akool to speak)."
                : string.IsNullOrWhiteSpace(text)
                    ? "Text is empty (and there is no AudioUrl); give the text to speak, or an AudioUrl."
                    : SpeechRules.Problem(text, Voice, SpeechCharacterLimit);
            if (problem != null)
            {
                RefuseRow(ErrorClassifier.Create(ErrorIds.InvalidInput, ErrorCategory.InvalidArgument, CurrentRow(row, video),
                    $"{subject}: {problem}", "Fix the row and run the batch again; nothing was sent for it."));
                return false;
            }

            VoiceInfo? voice = _voices.Find(Voice!, this, out System.Exception? failure);
            if (failure != null)
            {
                RefuseRow(ErrorClassifier.From(failure, $"{subject}: listing Akool's voices failed, so the row was not sent", CurrentRow(row, video)));
                return false;
            }

            if (voice == null)
            {
                RefuseRow(SpeechRules.VoiceNotFound(subject, Voice!, CurrentRow(row, video)));
                return false;
            }

            string? language = string.IsNullOrWhiteSpace(Language) ? null : Language!.Trim();
            job = new SpeechJob(text, voice.VoiceId, voice.Name ?? voice.VoiceId, language);
            return true;
        }

        /// <summary>
        /// A text row the journal knows: a speech created or spoken in an earlier run is waited on or used, never paid
        /// again; a speech whose create's outcome is unknown blocks the row until -Force. Once the video's states
        /// follow, the audio rows' rules apply (with the speech's MP3 from the journal). Returns true when the row is done.
        /// </summary>
        private bool FromSpeechJournal(JournalEntry earlier, int row, string subject, AkoolVideo video, ref SpeechJob speech)
        {
            switch (earlier.State)
            {
                case JournalState.SpeechCreated when earlier.Id != null:
                    WriteVerbose($"{subject}: its speech {earlier.Id} was created in an earlier run (journal); waiting on it, not paying for it again.");
                    speech = speech.WithId(earlier.Id);
                    return false;
                case JournalState.SpeechCompleted when earlier.AudioUrl != null:
                    WriteVerbose($"{subject}: its speech {earlier.Id} was spoken in an earlier run (journal); creating only the video.");
                    speech = speech.WithUrl(earlier.Id, earlier.AudioUrl);
                    return false;
                case JournalState.SpeechFailed:
                    return false;
                case JournalState.SpeechSubmitting:
                case JournalState.SpeechUnknown:
                case JournalState.SpeechCreated:
                case JournalState.SpeechCompleted:
                    if (Force)
                    {
                        WriteWarning($"{subject}: an earlier speech create's outcome is unknown; creating it again because of -Force (it may be billed twice).");
                        return false;
                    }
                    RefuseRow(ErrorClassifier.Create(ErrorIds.AlreadySubmittedOutcomeUnknown, ErrorCategory.ResourceExists, CurrentRow(row, video),
                        $"{subject}: its speech was sent to Akool in an earlier run whose answer never came back, so Akool may already have made (and billed) it.",
                        "Look for it in the Akool console; to create it again anyway, run with -Force."));
                    return true;
                default:
                    // The video's states: the speech was spoken; its MP3 is the entry's audio_url.
                    if (!string.IsNullOrEmpty(earlier.AudioUrl)) speech = speech.WithUrl(null, earlier.AudioUrl!);
                    return FromJournal(earlier, row, subject, video);
            }
        }

        /// <summary>What -WhatIf and -Confirm show for a text row: the photo, and the characters the speech bills.</summary>
        private static string SpeechTarget(string subject, TalkingPhotoRequest request, SpeechJob speech) =>
            speech.Url != null
                ? $"{subject}: {request.TalkingPhotoUrl} + speech {speech.Url} (already spoken)"
                : string.Format(CultureInfo.InvariantCulture, "{0}: {1} + speech of {2} characters in voice '{3}' (billed per 1,000 characters)",
                    subject, request.TalkingPhotoUrl, speech.Characters, DisplayText.Escape(speech.VoiceLabel));

        /// <summary>
        /// The worker for a text row whose speech is not spoken yet: one speech step (create, or a poll re-scheduled
        /// without holding a slot); once spoken, the video is created from the speech's MP3 in the same turn.
        /// </summary>
        private async Task<Step<RowWork>> SpeakAsync(RowWork work, WorkContext context)
        {
            SpeechJob job = work.Speech!;
            if (job.Url != null) return await SubmitAsync(work.Spoken(job.Url), context).ConfigureAwait(false);

            SpeechProgress progress = await SpeechStep.AdvanceAsync(ActiveConnection.Client, job, work.Subject, work.Video.Name,
                (state, speechId, url, reason) => work.Journal(state, url == null ? work.Video : work.WithAudio(url), speechId, reason), context).ConfigureAwait(false);
            string? journalProblem = progress.JournalProblem;
            switch (progress.Kind)
            {
                case SpeechProgressKind.Waiting:
                    return Step<RowWork>.Again(work.WithSpeech(progress.Job), progress.After,
                        journalProblem == null ? (System.Action?)null : () => WriteWarning($"{work.Subject}: created speech {progress.Job.SpeechId}, but the journal could not record it ({journalProblem}); keep this id."));
                case SpeechProgressKind.Spoken:
                    if (journalProblem != null) context.Post(() => WriteWarning($"{work.Subject}: speech {progress.Job.SpeechId} is spoken, but the journal could not record it ({journalProblem})."));
                    return await SubmitAsync(work.Spoken(progress.Job.Url!), context).ConfigureAwait(false);
                default:
                    AkoolSpeech target = progress.Job.ToSpeech(work.Video.Name, progress.Info);
                    return Step<RowWork>.Report(() =>
                    {
                        if (progress.Record != null) WriteError(progress.Record);
                        else WriteFailure(progress.Error!, $"{work.Subject}'s speech", target);
                    });
            }
        }

        /// <summary>The speech-related part of a row's work item.</summary>
        private sealed partial class RowWork
        {
            /// <summary>The row's speech while it is not spoken; null for an audio row (or once spoken).</summary>
            public SpeechJob? Speech { get; private set; }

            /// <summary>A copy that carries <paramref name="speech"/> (the decide phase, and each speech step).</summary>
            public RowWork WithSpeech(SpeechJob speech) => new RowWork(Row, Subject, Key, Request, Video, JournalFile) { Speech = speech };

            /// <summary>The video as it will be once its audio is <paramref name="url"/>.</summary>
            public AkoolVideo WithAudio(string url) =>
                new AkoolVideo(Video.Name, Video.TalkingPhotoUrl, url, Video.WebhookUrl, Video.Resolution, Video.Prompt);

            /// <summary>A copy whose speech is spoken at <paramref name="url"/>: an ordinary video create from now on.</summary>
            public RowWork Spoken(string url)
            {
                TalkingPhotoRequest request = Request!;
                var withAudio = new TalkingPhotoRequest
                {
                    TalkingPhotoUrl = request.TalkingPhotoUrl,
                    AudioUrl = url,
                    WebhookUrl = request.WebhookUrl,
                    Resolution = request.Resolution,
                    Prompt = request.Prompt,
                };
                return new RowWork(Row, Subject, Key, withAudio, WithAudio(url), JournalFile);
            }
        }
    }
}
