using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Commands.Speech;
using Akool.Concurrency;
using Akool.Journal;

namespace Akool.Commands
{
    /// <summary>
    /// <para type="synopsis">Creates talking-photo videos from a photo URL and an audio URL (spends credits).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "AkoolTalkingPhoto", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AkoolVideo))]
    public sealed partial class NewAkoolTalkingPhotoCommand : AkoolApiCmdlet
    {
        // A create that is on the wire when the pipeline ends early (Ctrl+C, -ErrorAction Stop, a failure
        // downstream) is allowed this long to finish, so that a video Akool made (and billed) is journaled.
        private static readonly TimeSpan CreateGracePeriod = TimeSpan.FromSeconds(10);

        // Rows may queue ahead of the creates in flight, so binding the next rows overlaps the network; the
        // queue is bounded so a huge CSV is not read into memory all at once. When it is full, the pipeline thread
        // binds no new row until half of it has gone (it still wakes as each create ends, to write that row's video
        // in turn), so rows are bound in bursts rather than one per finished create.
        private const int QueuedRowsPerSlot = 8;

        private readonly RowKey _rowKeys = new RowKey();
        private readonly CreatedInRun<AkoolVideo> _created =
            new CreatedInRun<AkoolVideo>("New-AkoolTalkingPhoto", "video(s)", "pass the ids to Wait-AkoolVideo -Id", "AkoolCreatedVideos", video => video.Id);
        private BackgroundWork<RowWork>? _work;
        private BatchJournal? _journal;
        private int _row;
        private bool _stopOnError;
        private bool _stopReported;
        private bool _inputsOnCommandLine;

        /// <summary>Public http(s) URL of the photo: a frontal, well lit face.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("talking_photo_url", "PhotoUrl", "ImageUrl")]
        [AllowEmptyString]
        [AllowNull]
        public string? TalkingPhotoUrl { get; set; }

        /// <summary>Public http(s) URL of the speech (MP3 recommended); its length sets the video's length.</summary>
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("audio_url")]
        [AllowEmptyString]
        [AllowNull]
        public string? AudioUrl { get; set; }

        /// <summary>Where Akool posts status callbacks (see ConvertFrom-AkoolWebhook).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("webhook_url")]
        [AllowEmptyString]
        [AllowNull]
        public string? WebhookUrl { get; set; }

        /// <summary>720 or 1080; Akool's default when omitted.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completion.ResolutionCompleter))]
        [AllowEmptyString]
        [AllowNull]
        public string? Resolution { get; set; }

        /// <summary>Text that steers the gestures.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [AllowNull]
        public string? Prompt { get; set; }

        /// <summary>A label for the row, kept on the video; Save-AkoolVideo names the file after it.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [AllowNull]
        public string? Name { get; set; }

        /// <summary>
        /// A file recording each submitted row and its video id, flushed before the video is emitted. Run the same
        /// batch with the same journal again and rows already created are not submitted again.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? JournalPath { get; set; }

        /// <summary>
        /// Submit rows that would be refused because they may already have a video: with -JournalPath, rows whose
        /// earlier create has an unknown outcome; and rows that carry a video's Id. They may be billed twice.
        /// </summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>
        /// The Id of a video this row already created (New-AkoolTalkingPhoto's own output piped back, or a row of an
        /// exported list); rows with one are refused unless -Force.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("_id", "VideoId", "video_model_id")]
        [AllowEmptyString]
        [AllowNull]
        public string? Id { get; set; }

        /// <summary>How many creates may be in flight at once.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _stopOnError = this.ErrorsStop();
            // Only what was typed is bound yet: the pipeline binds each row's values later.
            _inputsOnCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(TalkingPhotoUrl)) || MyInvocation.BoundParameters.ContainsKey(nameof(AudioUrl));
            if (JournalPath != null) _journal = CmdletJournal.Open(this, JournalPath);
            _work = StartEngine<RowWork>(DoAsync, ThrottleLimit, ReportOrder.Input, CreateGracePeriod);
        }

        /// <inheritdoc />
        protected override void ProcessRecord() => Guarded(() =>
        {
            // Decide, on the pipeline thread: everything the worker needs goes into the immutable work item.
            int row = ++_row;
            string subject = Subject(row, Name);
            var asked = new AkoolVideo(InputRules.Optional(Name), webhookUrl: InputRules.Optional(WebhookUrl), prompt: InputRules.Optional(Prompt));
            if (!MaySubmitAgain(row, subject, asked)) return;
            TalkingPhotoRequest? request = Validate(row, subject, asked);
            if (request == null) return;
            SpeechJob? speech = null;
            if (AsksForSpeech && !DecideSpeech(row, subject, asked, out speech)) return;
            var video = new AkoolVideo(asked.Name, request.TalkingPhotoUrl, InputRules.Optional(request.AudioUrl), request.WebhookUrl, request.Resolution, request.Prompt);

            string? key = _journal == null ? null : _rowKeys.Next(request, video.Name, speech?.JournalPart);
            JournalEntry? earlier = key == null ? null : _journal!.Find(key);
            if (earlier != null && (speech == null ? FromJournal(earlier, row, subject, video) : FromSpeechJournal(earlier, row, subject, video, ref speech))) return;

            string target = speech == null ? $"{subject}: {request.TalkingPhotoUrl} + {request.AudioUrl}" : SpeechTarget(subject, request, speech);
            if (!ShouldProcess(target, "Create an Akool talking-photo video (spends credits)")) return;

            _work!.WaitForRoom(ThrottleLimit * QueuedRowsPerSlot, resumeAt: ThrottleLimit * QueuedRowsPerSlot / 2);
            var work = new RowWork(row, subject, key, request, video, _journal);
            _work.Start(speech == null ? work : work.WithSpeech(speech));
        });

        /// <inheritdoc />
        protected override void EndProcessing() => Guarded(() =>
        {
            _work!.WaitUntilDone();
            CmdletJournal.Release(ref _journal, _work);
        });

        /// <inheritdoc />
        protected override void Dispose(bool disposing)
        {
            if (disposing) CmdletJournal.Release(ref _journal, _work);
            base.Dispose(disposing);
        }

        private TalkingPhotoRequest? Validate(int row, string subject, AkoolVideo video)
        {
            string? photo = InputRules.PublicUrl(TalkingPhotoUrl, nameof(TalkingPhotoUrl), required: true, out string? photoProblem);
            string? audio = InputRules.PublicUrl(AudioUrl, nameof(AudioUrl), required: !AsksForSpeech, out string? audioProblem);
            InputRules.PublicUrl(WebhookUrl, nameof(WebhookUrl), required: false, out string? webhookProblem);
            string? resolution = InputRules.Resolution(Resolution, out string? resolutionProblem);
            string? problem = photoProblem ?? audioProblem ?? webhookProblem ?? resolutionProblem;
            if (problem != null)
            {
                RefuseRow(ErrorClassifier.Create(ErrorIds.InvalidInput, ErrorCategory.InvalidArgument, CurrentRow(row, video),
                    $"{subject}: {problem}", "Fix the row and run the batch again; nothing was sent for it."));
                return null;
            }
            return new TalkingPhotoRequest
            {
                TalkingPhotoUrl = photo!,
                AudioUrl = audio ?? string.Empty, // a text row's comes from its speech
                WebhookUrl = video.WebhookUrl,
                Resolution = resolution,
                Prompt = video.Prompt,
            };
        }

        /// <summary>Handles a row the journal already knows; returns false when the row must be submitted.</summary>
        private bool FromJournal(JournalEntry earlier, int row, string subject, AkoolVideo video)
        {
            switch (earlier.State)
            {
                case JournalState.Created:
                    WriteVerbose($"{subject} was already submitted as video {earlier.Id} (journal); not submitting it again.");
                    _work!.Start(new RowWork(row, subject, null, null, video.WithId(earlier.Id!), null));
                    return true;
                case JournalState.Rejected:
                    return false;
                default:
                    if (Force)
                    {
                        WriteWarning($"{subject}: an earlier create's outcome is unknown; submitting it again because of -Force (it may be billed twice).");
                        return false;
                    }
                    RefuseRow(ErrorClassifier.Create(ErrorIds.AlreadySubmittedOutcomeUnknown, ErrorCategory.ResourceExists, CurrentRow(row, video),
                        $"{subject} was sent to Akool in an earlier run whose answer never came back, so Akool may already have made (and billed) its video.",
                        "Look for it in the Akool console; to submit it again anyway, run with -Force."));
                    return true;
            }
        }

        /// <summary>The worker: a create, or a refresh of a row the journal already created. Runs on the thread pool.</summary>
        private Task<Step<RowWork>> DoAsync(RowWork work, WorkContext context) =>
            work.Request == null ? RefreshAsync(work, context) : work.Speech != null ? SpeakAsync(work, context) : SubmitAsync(work, context);

        private async Task<Step<RowWork>> SubmitAsync(RowWork work, WorkContext context)
        {
            // The pipeline ended (a terminating failure, Ctrl+C) after this row got its turn but before it was sent.
            if (context.Cancellation.IsCancellationRequested) return Step<RowWork>.Nothing;
            try
            {
                work.Journal(JournalState.Submitting, work.Video, null, null);
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException)
            {
                // Without the write-ahead line a crash could lead to paying twice: do not send.
                return Step<RowWork>.Report(() => Fail(ErrorClassifier.JournalNotWritten(ex, work.Subject, work.Video)));
            }

            VideoInfo info;
            var repeats = new CreateRepeats(work.Subject, warning => context.Post(() => WriteWarning(warning)));
            try
            {
                // Only the grace cancellation: once sent, the create may be billed, and its outcome must be journaled.
                info = await ActiveConnection.Client.CreateTalkingPhotoAsync(work.Request!, context.Log, context.GraceCancellation, repeats.OnRepeat).ConfigureAwait(false);
            }
            catch (AkoolApiException ex)
            {
                bool unknown = ex.Kind == AkoolErrorKind.OutcomeUnknown;
                work.TryJournal(unknown ? JournalState.Unknown : JournalState.Rejected, work.Video, ex.AkoolCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ex.Kind.ToString(), repeats: repeats);
                return Step<RowWork>.Report(() => Fail(ex, work.Subject, work.Video));
            }
            catch (Exception ex)
            {
                // Cancelled after the grace period, or anything unforeseen: the request may have gone out.
                work.TryJournal(JournalState.Unknown, work.Video, ex is OperationCanceledException ? "cancelled while in flight" : ex.GetType().Name, repeats: repeats);
                var unknown = new AkoolApiException(AkoolErrorKind.OutcomeUnknown,
                    $"The create failed after it may have been sent ({ex.Message}); Akool may or may not have made the video.", innerException: ex);
                return Step<RowWork>.Report(() => Fail(unknown, work.Subject, work.Video));
            }

            AkoolVideo created = work.Video.WithServerState(info);
            string? journalProblem = work.TryJournal(JournalState.Created, created, null, info.Id, repeats);
            _created.Add(work.Row, work.Subject, created);
            return Step<RowWork>.Report(() =>
            {
                if (journalProblem != null) WriteWarning($"{work.Subject}: created video {created.Id}, but the journal could not record it ({journalProblem}); keep this id.");
                if (_created.MarkWritten(work.Row)) WriteVideo(created);
            });
        }

        private async Task<Step<RowWork>> RefreshAsync(RowWork work, WorkContext context)
        {
            AkoolVideo video = work.Video;
            try
            {
                VideoInfo info = await ActiveConnection.Client.GetVideoAsync(video.Id, context.Log, context.Cancellation).ConfigureAwait(false);
                AkoolVideo refreshed = video.WithServerState(info);
                return Step<RowWork>.Report(() => WriteVideo(refreshed));
            }
            catch (AkoolApiException ex) when (ex.IsTransient)
            {
                // The id is what matters: pass the video on so Wait-AkoolVideo can keep asking.
                return Step<RowWork>.Report(() =>
                {
                    WriteWarning($"{work.Subject}: could not refresh video {video.Id} from Akool ({ex.Message}); passing it on unrefreshed.");
                    WriteObject(video);
                });
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                return Step<RowWork>.Report(() => Fail(ex, $"{work.Subject} (video {video.Id} from the journal)", video));
            }
        }

        /// <summary>
        /// A row that carries a video's Id (its own output piped back, an exported row) is refused unless -Force.
        /// The Id counts only when the row brings its own photo and audio: with -TalkingPhotoUrl or -AudioUrl typed,
        /// each row makes a different video (another face for the same speech), and a speech object piped in
        /// carries its own Id (the speech's), not a video's.
        /// </summary>
        private bool MaySubmitAgain(int row, string subject, AkoolVideo asked)
        {
            string? id = InputRules.Optional(Id);
            if (id == null || _inputsOnCommandLine) return true;
            if (Force)
            {
                WriteWarning($"{subject} already has video {DisplayText.Escape(id)}; submitting it again because of -Force (Akool creates and bills a new video).");
                return true;
            }
            RefuseRow(ErrorClassifier.AlreadyCreated(subject, id, CurrentRow(row, asked)));
            return false;
        }

        /// <summary>
        /// Runs a pipeline step through the engine's guard; when the pipeline ends early for any other reason than
        /// this cmdlet's own terminating error (a failure downstream, Ctrl+C), the stop is reported with every video
        /// this run made before the exception goes on.
        /// </summary>
        private void Guarded(Action step)
        {
            try
            {
                _work!.Guard(step);
            }
            catch (Exception)
            {
                ReportStop(null);
                throw;
            }
        }

        /// <summary>
        /// A row refused on the pipeline thread. Reported in its turn; but when errors stop the pipeline
        /// (-ErrorAction Stop), this row ends the batch now: no later row is sent, the rows before it are reported
        /// (in order: an earlier failure ends the batch there), then this one.
        /// </summary>
        private void RefuseRow(ErrorRecord record)
        {
            if (!_stopOnError)
            {
                _work!.Done(() => WriteError(record));
                return;
            }
            _work!.Stop();
            _work.Drain();
            Fail(record);
        }

        /// <summary>A row's failure from a worker (pipeline thread), as <see cref="AsyncPipelineCmdlet.WriteFailure"/>, through <see cref="Fail(ErrorRecord)"/>.</summary>
        private void Fail(Exception exception, string subject, object? target)
        {
            if (exception is OperationCanceledException && StopToken.IsCancellationRequested) throw new PipelineStoppedException();
            Fail(ErrorClassifier.From(exception, subject, target));
        }

        /// <summary>
        /// Writes a row's error. When errors stop the pipeline, the batch ends here: the engine stops (rows not sent
        /// are not sent; creates on the wire get the grace period), every video made and not yet written is
        /// written, one warning lists them all, and the error carries them, before WriteError throws.
        /// </summary>
        private void Fail(ErrorRecord record)
        {
            if (_stopOnError)
            {
                _work!.Stop();
                ReportStop(record);
            }
            WriteError(record);
        }

        /// <summary>
        /// Reports an early stop once: the one warning naming every video this run made (and the creates still
        /// unanswered); with this cmdlet's own terminating <paramref name="record"/>, also the videos not yet
        /// written (to the pipeline, before the error) and the ids on the record.
        /// </summary>
        private void ReportStop(ErrorRecord? record)
        {
            if (_stopReported || _work == null) return;
            _stopReported = true;
            List<string> inFlight = _work.Outstanding.Where(w => w.Request != null).OrderBy(w => w.Row).Select(w => w.Subject).ToList();
            string? warning = _created.StopWarning(inFlight, JournalPath);
            try
            {
                if (record == null) return;
                _created.AttachTo(record);
                foreach (AkoolVideo video in _created.TakeUnwritten()) WriteVideo(video);
            }
            finally
            {
                if (warning != null) WarnEvenIfStopping(warning);
            }
        }

        /// <summary>What a row's errors point at: the row's values, so a user can find it in the CSV.</summary>
        private PSObject CurrentRow(int row, AkoolVideo video)
        {
            var target = new PSObject();
            target.Properties.Add(new PSNoteProperty("Row", row));
            target.Properties.Add(new PSNoteProperty(nameof(Name), video.Name));
            target.Properties.Add(new PSNoteProperty(nameof(TalkingPhotoUrl), TalkingPhotoUrl));
            target.Properties.Add(new PSNoteProperty(nameof(AudioUrl), AudioUrl));
            target.Properties.Add(new PSNoteProperty(nameof(Resolution), Resolution));
            return target;
        }

        private static string Subject(int row, string? name) =>
            string.IsNullOrWhiteSpace(name) ? $"Row {row}" : $"Row {row} ('{DisplayText.Escape(name!.Trim())}')";

        /// <summary>
        /// One row's work, decided on the pipeline thread and never changed: its own row number, journal key and
        /// journal, the request (null for a row the journal already created: refresh it), and the video so far.
        /// </summary>
        private sealed partial class RowWork
        {
            public RowWork(int row, string subject, string? key, TalkingPhotoRequest? request, AkoolVideo video, BatchJournal? journal)
            {
                Row = row;
                Subject = subject;
                Key = key;
                Request = request;
                Video = video;
                JournalFile = journal;
            }

            public int Row { get; }

            public string Subject { get; }

            public string? Key { get; }

            public TalkingPhotoRequest? Request { get; }

            public AkoolVideo Video { get; }

            private BatchJournal? JournalFile { get; }

            /// <summary>Appends this row's line in <paramref name="state"/>; throws when the journal cannot be written.</summary>
            public void Journal(JournalState state, AkoolVideo video, string? id, string? reason, CreateRepeats? repeats = null)
            {
                if (Key == null || JournalFile == null) return;
                JournalFile.Append(new JournalEntry
                {
                    Key = Key,
                    State = state,
                    Id = id,
                    Row = Row,
                    Name = video.Name,
                    TalkingPhotoUrl = video.TalkingPhotoUrl,
                    AudioUrl = video.AudioUrl,
                    Reason = reason,
                    Repeats = repeats?.Count,
                    RepeatedAfter = repeats?.Reasons,
                });
            }

            /// <summary>Journals after the fact; a failure here must not lose the video, so it is returned, not thrown.</summary>
            public string? TryJournal(JournalState state, AkoolVideo video, string? reason, string? id = null, CreateRepeats? repeats = null)
            {
                try
                {
                    Journal(state, video, id, reason, repeats);
                    return null;
                }
                catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException || ex is ObjectDisposedException)
                {
                    return ex.Message;
                }
            }
        }
    }
}
