using System;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Commands.Speech;
using Akool.Concurrency;
using Akool.Errors;
using Akool.Input;
using Akool.Journal;
using Akool.Models;

namespace Akool.Commands
{
    /// <summary>Creates talking-photo videos from a photo URL and an audio URL (spends credits).</summary>
    [Cmdlet(VerbsCommon.New, "AkoolTalkingPhoto", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AkoolVideo))]
    public sealed partial class NewAkoolTalkingPhotoCommand : AkoolApiCmdlet
    {
        // A create that is on the wire when the pipeline ends early (Ctrl+C, -ErrorAction Stop, a failure
        // downstream) is allowed this long to finish, so that a video Akool made (and billed) is journaled.
        private static readonly TimeSpan CreateGracePeriod = TimeSpan.FromSeconds(10);

        // Rows may queue ahead of the creates in flight, so binding the next rows overlaps the network; the
        // queue is bounded so a huge CSV is not read into memory all at once.
        private const int QueuedRowsPerSlot = 8;

        private readonly RowKey _rowKeys = new RowKey();
        private CreatedInRun<RowWork>? _run;
        private BackgroundWork<RowWork>? _work;
        private CmdletJournal? _journal;
        private int _row;
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

        /// <summary>A file recording each submitted row and its video id, so a second run submits no row twice.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? JournalPath { get; set; }

        /// <summary>Submit rows that may already have a video (an unknown outcome in the journal, a video's Id).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>The Id of a video this row already created; rows with one are refused unless -Force.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("_id", "VideoId", "video_model_id")]
        [AllowEmptyString]
        [AllowNull]
        public string? Id { get; set; }

        /// <summary>Each piped row as it came, so its columns can be checked. Not for typing.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? PipedObject { get; set; }

        private readonly ColumnCheck _columns = new ColumnCheck(new[] { nameof(TalkingPhotoUrl), nameof(PhotoPath) }, new[] { nameof(AudioUrl), nameof(AudioPath), nameof(Text) + "+" + nameof(Voice) });

        /// <summary>How many creates may be in flight at once.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            // Only what was typed is bound yet: the pipeline binds each row's values later.
            _inputsOnCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(TalkingPhotoUrl)) || MyInvocation.BoundParameters.ContainsKey(nameof(AudioUrl));
            BeginUploads();
            _journal = CmdletJournal.Open(this, JournalPath);
            _work = StartEngine<RowWork>(DoAsync, ThrottleLimit, ReportOrder.Input, CreateGracePeriod);
            _run = new CreatedInRun<RowWork>(this, "New-AkoolTalkingPhoto", JournalPath, _work, w => w.Request != null && !w.CheckOnly ? w.Subject : null, Subject);
            _inputCheck = NewInputCheck(_work);
        }

        /// <inheritdoc />
        protected override void ProcessRecord() => _run!.Guarded(() =>
        {
            // Decide, on the pipeline thread: everything the worker needs goes into the immutable work item.
            int row = ++_row;
            if (_columns.Skips(this, PipedObject, row, _run.Refuse)) return;
            string subject = Subject(row, Name);
            var asked = new AkoolVideo(InputRules.Optional(Name), webhookUrl: InputRules.Optional(WebhookUrl), prompt: InputRules.Optional(Prompt));
            if (!MaySubmitAgain(row, subject, asked) || !ReadLocalFiles(row, subject, asked, out LocalFile? photoFile, out LocalFile? audioFile)) return;
            TalkingPhotoRequest? request = Validate(row, subject, asked, Shown(photoFile), Shown(audioFile));
            if (request == null || !_run.NameIsNew(row, subject, asked.Name, CurrentRow(row, asked))) return;
            var video = new AkoolVideo(asked.Name, request.TalkingPhotoUrl, InputRules.Optional(request.AudioUrl), request.WebhookUrl, request.Resolution, request.Prompt);

            // The journal is read before anything else may fail (a voice lookup): a row whose video it has goes on.
            string? key = _journal == null ? null : _rowKeys.Next(KeyRequest(request, photoFile, audioFile), video.Name, AsksForSpeech ? SpeechJob.KeyPart(Text!, Voice!, Language) : null);
            JournalEntry? earlier = key == null ? null : _journal!.Find(key);
            switch (BilledCreate.Video.Decide(earlier))
            {
                case JournalVerdict.Made:
                    WriteVerbose($"{subject} was already submitted as video {earlier!.Id} (journal); not submitting it again.");
                    _work!.Start(new RowWork(row, subject, null, video.WithId(earlier.Id!), new RowJournal(null, null, row, video.Name)));
                    return;
                case JournalVerdict.InDoubt when !_run.MaySendAgain(Force, subject, "its video", CurrentRow(row, video)):
                    return;
            }
            SpeechJob? speech = null;
            if (AsksForSpeech && (speech = _voices.Decide(this, _run, earlier, subject, CurrentRow(row, video), Text!, Voice!, InputRules.Optional(Language), TimeSpan.FromSeconds(SpeechTimeoutSec), Force)) == null)
            {
                return;
            }

            string target = speech == null ? $"{subject}: {request.TalkingPhotoUrl} + {request.AudioUrl}" : SpeechTarget(subject, request, speech);
            _inputCheck?.Prefetch(request.TalkingPhotoUrl, speech == null ? request.AudioUrl : null);
            if (!ShouldProcess(target, "Create an Akool talking-photo video (spends credits)"))
            {
                // A row not approved (-WhatIf, or No at -Confirm) is checked all the same: it costs nothing, and shows the
                // failures a real run would have.
                if (_inputCheck != null) _work!.Start(new RowWork(row, subject, request, video, new RowJournal(null, null, row, video.Name), speech, CheckOnly: true));
                return;
            }
            if (!Store(row, subject, photoFile, audioFile, ref request, ref video, out RowUploads? uploads)) return;

            var journal = new RowJournal(key == null ? null : _journal!.Writable(), key, row, video.Name, video.TalkingPhotoUrl, video.AudioUrl);
            _work!.WaitForRoom(ThrottleLimit * QueuedRowsPerSlot);
            _work.Start(new RowWork(row, subject, request, video, journal, speech, uploads));
        });

        /// <inheritdoc />
        protected override void EndProcessing() => _run!.Guarded(() =>
        {
            // ProcessRecord runs once even without pipeline input, so no row at all means the pipe brought nothing.
            if (_row == 0) WriteWarning("New-AkoolTalkingPhoto received no rows: the input was empty (a CSV with only a header?); nothing was sent.");
            _work!.WaitUntilDone(null, _uploadProgress == null ? null : new Action(_uploadProgress.Show));
            _uploadProgress?.Complete();
            _run.SummarizeRepeats();
            _run.SummarizeNotSent();
            _journal?.Release(_work);
        });

        /// <inheritdoc />
        protected override void Dispose(bool disposing)
        {
            if (disposing) _journal?.Release(_work);
            base.Dispose(disposing);
        }

        // A local file's input is photoFile or audioFile (shown, not checked as a URL).
        private TalkingPhotoRequest? Validate(int row, string subject, AkoolVideo video, string? photoFile, string? audioFile)
        {
            string? photoProblem = null;
            string? audioProblem = null;
            string? photo = photoFile ?? InputRules.PublicUrl(TalkingPhotoUrl, nameof(TalkingPhotoUrl), required: true, out photoProblem);
            string? audio = audioFile ?? InputRules.PublicUrl(AudioUrl, nameof(AudioUrl), required: !AsksForSpeech, out audioProblem);
            InputRules.PublicUrl(WebhookUrl, nameof(WebhookUrl), required: false, out string? webhookProblem);
            string? resolution = InputRules.Resolution(Resolution, out string? resolutionProblem);
            string? problem = photoProblem ?? (AsksForSpeech ? SpeechProblem() : UnspokenSpeech() ?? audioProblem) ?? webhookProblem ?? resolutionProblem;
            if (problem != null)
            {
                _run!.Refuse(ErrorClassifier.Create(ErrorIds.InvalidInput, ErrorCategory.InvalidArgument, CurrentRow(row, video),
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

        // A text row's speech comes first (created, then polled without holding a slot), and once spoken the video is
        // created from its MP3 in the same turn.
        private async Task<Step<RowWork>> DoAsync(RowWork work, WorkContext context)
        {
            if (work.Request == null) return await RefreshAsync(work, context).ConfigureAwait(false);
            (TalkingPhotoRequest request, AkoolVideo video, RowJournal journal) = (work.Request, work.Video, work.Journal);
            if (_run!.CreditGone) return NotSent(work);
            if (work.Uploads != null)
            {
                (TalkingPhotoRequest? stored, Exception? failed) = await UploadedAsync(work.Uploads, request).ConfigureAwait(false);
                if (failed != null) return Step<RowWork>.Report(() => _run!.Fail(UploadFailed(failed, work.Subject, video)));
                request = stored!;
            }
            Step<RowWork>? unsent = await CheckBeforeSendingAsync(work, request).ConfigureAwait(false);
            if (unsent != null || work.CheckOnly) return unsent ?? Step<RowWork>.Nothing;
            if (work.Speech != null)
            {
                SpeechResult speech = await SpeechStep.SpeakAsync(ActiveConnection.Client, work.Speech, work.Subject + "'s speech", video.Name, journal, wait: true, context,
                    made => _run!.Add(work.Row, made, output: false), warning => context.Post(() => WriteWarning(warning)),
                    repeat => context.Post(() => _run!.Repeated(work.Row, repeat))).ConfigureAwait(false);
                if (speech.Error != null)
                {
                    if (CreditGoneBy(speech.Error.Exception)) _run!.CreditRanOut();
                    return Step<RowWork>.Report(() => _run!.Fail(speech.Error));
                }
                string url = speech.Url!;
                request = new TalkingPhotoRequest { TalkingPhotoUrl = request.TalkingPhotoUrl, AudioUrl = url, WebhookUrl = request.WebhookUrl, Resolution = request.Resolution, Prompt = request.Prompt };
                video = new AkoolVideo(video.Name, video.TalkingPhotoUrl, url, video.WebhookUrl, video.Resolution, video.Prompt);
                journal = journal.WithSpeech(speech.Speech.Id, url);
            }

            // The pipeline ended (a terminating failure, Ctrl+C) after this row got its turn but before it was sent.
            if (context.Cancellation.IsCancellationRequested) return Step<RowWork>.Nothing;
            if (_run!.CreditGone) return NotSent(work);
            // Only the grace cancellation: once sent, the create may be billed, and its outcome must be journaled.
            var outcome = await BilledCreate.Video.SendAsync(journal, work.Subject,
                onRepeat => ActiveConnection.Client.CreateTalkingPhotoAsync(request, context.Log, context.GraceCancellation, onRepeat),
                info => info.Id, repeat => context.Post(() => _run!.Repeated(work.Row, repeat))).ConfigureAwait(false);
            if (outcome.Made == null)
            {
                if (CreditGoneBy(outcome.Error)) _run.CreditRanOut();
                return Step<RowWork>.Report(() => _run!.Fail(outcome.NotSent ? ErrorClassifier.JournalNotWritten(outcome.Error!, work.Subject, video)
                    : ErrorClassifier.From(outcome.Error!, work.Subject, video)));
            }

            AkoolVideo created = video.WithServerState(outcome.Made);
            _run!.Add(work.Row, created);
            return Step<RowWork>.Report(() =>
            {
                if (outcome.JournalProblem != null) WriteWarning($"{work.Subject}: created video {created.Id}, but the journal could not record it ({outcome.JournalProblem}); keep this id.");
                if (_run.MarkWritten(work.Row)) WriteVideo(created);
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
                return Step<RowWork>.Report(() => _run!.Fail(ex, $"{work.Subject} (video {video.Id} from the journal)", video));
            }
        }

        // The Id counts only when the row brings its own photo and audio: with -TalkingPhotoUrl or -AudioUrl typed, each
        // row makes a different video, and a speech object piped in carries its own Id (the speech's), not a video's.
        private bool MaySubmitAgain(int row, string subject, AkoolVideo asked)
        {
            string? id = InputRules.Optional(Id);
            if (id == null || _inputsOnCommandLine) return true;
            if (Force)
            {
                WriteWarning($"{subject} already has video {DisplayText.Escape(id)}; submitting it again because of -Force (Akool creates and bills a new video).");
                return true;
            }
            _run!.Refuse(ErrorClassifier.AlreadyCreated(subject, id, CurrentRow(row, asked)));
            return false;
        }

        // What a row's errors point at, so a user can find it in the CSV.
        private PSObject CurrentRow(int row, AkoolVideo video)
        {
            var target = new PSObject();
            target.Properties.Add(new PSNoteProperty("Row", row));
            target.Properties.Add(new PSNoteProperty(nameof(Name), video.Name));
            target.Properties.Add(new PSNoteProperty(nameof(TalkingPhotoUrl), TalkingPhotoUrl));
            target.Properties.Add(new PSNoteProperty(nameof(AudioUrl), AudioUrl));
            target.Properties.Add(new PSNoteProperty(nameof(Resolution), Resolution));
            if (PhotoPath != null || AudioPath != null) target.Properties.Add(new PSNoteProperty(nameof(PhotoPath), PhotoPath));
            if (PhotoPath != null || AudioPath != null) target.Properties.Add(new PSNoteProperty(nameof(AudioPath), AudioPath));
            return target;
        }

        private static string Subject(int row, string? name) =>
            string.IsNullOrWhiteSpace(name) ? $"Row {row}" : $"Row {row} ('{DisplayText.Escape(name!.Trim())}')";

        // Request is null for a row the journal already created: refresh it.
        private sealed record RowWork(int Row, string Subject, TalkingPhotoRequest? Request, AkoolVideo Video, RowJournal Journal, SpeechJob? Speech = null, RowUploads? Uploads = null, bool CheckOnly = false);
    }
}
