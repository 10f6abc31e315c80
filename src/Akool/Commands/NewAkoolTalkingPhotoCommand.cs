using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Journal;

namespace Akool.Commands
{
    /// <summary>
    /// <para type="synopsis">Creates talking-photo videos from a photo URL and an audio URL (spends credits).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "AkoolTalkingPhoto", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AkoolVideo))]
    public sealed class NewAkoolTalkingPhotoCommand : AkoolApiCmdlet
    {
        // A create that is on the wire when Ctrl+C comes is allowed this long to finish, so that a video Akool
        // made (and billed) is journaled and not lost.
        private static readonly TimeSpan CreateGracePeriod = TimeSpan.FromSeconds(10);

        private readonly OrderedResults _results = new OrderedResults();
        private readonly RowKey _rowKeys = new RowKey();
        // Rows may queue ahead of the creates in flight, so binding the next rows overlaps the network; the
        // queue is bounded so a huge CSV is not read into memory all at once.
        private const int QueuedRowsPerSlot = 8;

        private readonly CancellationTokenSource _createAbort = new CancellationTokenSource();
        private SemaphoreSlim? _slots;
        private BatchJournal? _journal;
        private int _row;

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

        /// <summary>With -JournalPath: submit rows whose earlier create has an unknown outcome (they may be billed twice).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>How many creates may be in flight at once.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _slots = new SemaphoreSlim(ThrottleLimit);
            if (JournalPath != null) _journal = OpenJournal(JournalPath);
        }

        /// <inheritdoc />
        protected override void ProcessRecord() => WhileRunning(() =>
        {
            _row++;
            string subject = Subject(_row, Name);
            var video = new AkoolVideo
            {
                Name = InputRules.Optional(Name),
                WebhookUrl = InputRules.Optional(WebhookUrl),
                Prompt = InputRules.Optional(Prompt),
            };

            TalkingPhotoRequest? request = Validate(subject, video);
            if (request == null) return;
            video.TalkingPhotoUrl = request.TalkingPhotoUrl;
            video.AudioUrl = request.AudioUrl;
            video.Resolution = request.Resolution;

            string? key = _journal == null ? null : _rowKeys.Next(request, video.Name);
            JournalEntry? earlier = key == null ? null : _journal!.Find(key);
            if (earlier != null && FromJournal(earlier, subject, video)) return;

            if (!ShouldProcess($"{subject}: {request.TalkingPhotoUrl} + {request.AudioUrl}", "Create an Akool talking-photo video (spends credits)")) return;

            while (_results.Running >= ThrottleLimit * QueuedRowsPerSlot)
            {
                _results.WaitForAny(TimeSpan.FromMilliseconds(200), StopToken);
                ReportProgress();
            }
            _results.Add(SubmitAsync(request, video, key, subject));
            ReportProgress();
        });

        /// <inheritdoc />
        protected override void EndProcessing() => WhileRunning(() =>
        {
            while (!_results.IsEmpty)
            {
                _results.WaitForAny(TimeSpan.FromMilliseconds(200), StopToken);
                ReportProgress();
            }
            ReleaseJournal();
        });

        /// <inheritdoc />
        protected override void StopProcessing()
        {
            base.StopProcessing();
            _createAbort.CancelAfter(CreateGracePeriod);
        }

        /// <summary>
        /// Runs a pipeline step. When it ends early (Ctrl+C, -ErrorAction Stop, a failure downstream), first waits,
        /// bounded, for the creates already sent, so their ids reach the journal: Akool may have billed them.
        /// </summary>
        private void WhileRunning(Action step)
        {
            try
            {
                if (StopToken.IsCancellationRequested) throw new PipelineStoppedException();
                step();
            }
            catch (Exception ex)
            {
                // Rows still queued are not sent now; creates already on the wire are given the grace period.
                CancelBackgroundWork();
                _createAbort.CancelAfter(CreateGracePeriod);
                try
                {
                    Task.WaitAll(_results.Pending, CreateGracePeriod);
                }
                catch (AggregateException)
                {
                    // Each create reports its own failure; here only the waiting matters.
                }
                ReleaseJournal();
                if (ex is OperationCanceledException) throw new PipelineStoppedException();
                throw;
            }
        }

        private void ReportProgress()
        {
            Mailbox.RunPending();
            _results.ReportFinishedPrefix();
        }

        private TalkingPhotoRequest? Validate(string subject, AkoolVideo video)
        {
            string? photo = InputRules.PublicUrl(TalkingPhotoUrl, nameof(TalkingPhotoUrl), required: true, out string? photoProblem);
            string? audio = InputRules.PublicUrl(AudioUrl, nameof(AudioUrl), required: true, out string? audioProblem);
            InputRules.PublicUrl(WebhookUrl, nameof(WebhookUrl), required: false, out string? webhookProblem);
            string? resolution = InputRules.Resolution(Resolution, out string? resolutionProblem);
            string? problem = photoProblem ?? audioProblem ?? webhookProblem ?? resolutionProblem;
            if (problem != null)
            {
                object target = CurrentRow(video);
                _results.AddDone(() => WriteError(ApiErrors.Create(ErrorIds.InvalidInput, ErrorCategory.InvalidArgument, target,
                    $"{subject}: {problem}", "Fix the row and run the batch again; nothing was sent for it.")));
                return null;
            }
            return new TalkingPhotoRequest
            {
                TalkingPhotoUrl = photo!,
                AudioUrl = audio!,
                WebhookUrl = video.WebhookUrl,
                Resolution = resolution,
                Prompt = video.Prompt,
            };
        }

        /// <summary>Handles a row the journal already knows; returns false when the row must be submitted.</summary>
        private bool FromJournal(JournalEntry earlier, string subject, AkoolVideo video)
        {
            switch (earlier.State)
            {
                case JournalState.Created:
                    WriteVerbose($"{subject} was already submitted as video {earlier.Id} (journal); not submitting it again.");
                    video.Id = earlier.Id!;
                    _results.Add(RefreshAsync(video, subject));
                    return true;
                case JournalState.Rejected:
                    return false;
                default:
                    if (Force)
                    {
                        WriteWarning($"{subject}: an earlier create's outcome is unknown; submitting it again because of -Force (it may be billed twice).");
                        return false;
                    }
                    object target = CurrentRow(video);
                    _results.AddDone(() => WriteError(ApiErrors.Create(ErrorIds.AlreadySubmitted, ErrorCategory.ResourceExists, target,
                        $"{subject} was sent to Akool in an earlier run whose answer never came back, so Akool may already have made (and billed) its video.",
                        "Look for it in the Akool console; to submit it again anyway, run with -Force.")));
                    return true;
            }
        }

        private async Task<Action> SubmitAsync(TalkingPhotoRequest request, AkoolVideo video, string? key, string subject)
        {
            try
            {
                await _slots!.WaitAsync(StopToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C before this row's turn: it was never sent, so it is not journaled and a rerun submits it.
                return () => { };
            }

            try
            {
                return await SubmitInSlotAsync(request, video, key, subject).ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }
        }

        private async Task<Action> SubmitInSlotAsync(TalkingPhotoRequest request, AkoolVideo video, string? key, string subject)
        {
            // Leave the pipeline thread at once (the slot may have been free): the caller only queues the work.
            await Task.Yield();
            try
            {
                Journal(key, JournalState.Submitting, video, null, null);
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException)
            {
                // Without the write-ahead line a crash could lead to paying twice: do not send.
                return () => WriteError(ApiErrors.Create(ex, ErrorIds.JournalInvalid, ErrorCategory.WriteError, video,
                    $"{subject} was not submitted: the journal cannot be written ({ex.Message}).", "Free disk space or fix the journal's permissions, then run the batch again."));
            }

            VideoInfo info;
            var repeats = new CreateRepeats(subject, warning => Mailbox.Post(() => WriteWarning(warning)));
            try
            {
                info = await ActiveConnection.Client.CreateTalkingPhotoAsync(request, ClientLog, _createAbort.Token, repeats.OnRepeat).ConfigureAwait(false);
            }
            catch (AkoolApiException ex)
            {
                bool unknown = ex.Kind == AkoolErrorKind.OutcomeUnknown;
                TryJournal(key, unknown ? JournalState.Unknown : JournalState.Rejected, video, ex.AkoolCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ex.Kind.ToString(), repeats: repeats);
                return () => WriteFailure(ex, subject, video);
            }
            catch (Exception ex)
            {
                // Cancelled after the grace period, or anything unforeseen: the request may have gone out.
                TryJournal(key, JournalState.Unknown, video, ex is OperationCanceledException ? "cancelled while in flight" : ex.GetType().Name, repeats: repeats);
                var unknown = new AkoolApiException(AkoolErrorKind.OutcomeUnknown,
                    $"The create failed after it may have been sent ({ex.Message}); Akool may or may not have made the video.", innerException: ex);
                return () => WriteFailure(unknown, subject, video);
            }

            AkoolVideo created = video.WithServerState(info);
            Completion.SeenVideos.Remember(created);
            string? journalProblem = TryJournal(key, JournalState.Created, created, null, info.Id, repeats);
            return () =>
            {
                if (journalProblem != null) WriteWarning($"{subject}: created video {created.Id}, but the journal could not record it ({journalProblem}); keep this id.");
                WriteObject(created);
            };
        }

        /// <summary>Journals after the fact; a failure here must not lose the video, so it is returned, not thrown.</summary>
        private string? TryJournal(string? key, JournalState state, AkoolVideo video, string? reason, string? id = null, CreateRepeats? repeats = null)
        {
            try
            {
                Journal(key, state, video, id, reason, repeats);
                return null;
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException || ex is ObjectDisposedException)
            {
                return ex.Message;
            }
        }

        private async Task<Action> RefreshAsync(AkoolVideo video, string subject)
        {
            await Task.Yield();
            try
            {
                VideoInfo info = await ActiveConnection.Client.GetVideoAsync(video.Id, ClientLog, StopToken).ConfigureAwait(false);
                AkoolVideo refreshed = video.WithServerState(info);
                return () => WriteObject(refreshed);
            }
            catch (AkoolApiException ex) when (ex.IsTransient)
            {
                // The id is what matters: pass the video on so Wait-AkoolVideo can keep asking.
                return () =>
                {
                    WriteWarning($"{subject}: could not refresh video {video.Id} from Akool ({ex.Message}); passing it on unrefreshed.");
                    WriteObject(video);
                };
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                return () => WriteFailure(ex, $"{subject} (video {video.Id} from the journal)", video);
            }
        }

        private void Journal(string? key, JournalState state, AkoolVideo video, string? id, string? reason, CreateRepeats? repeats = null)
        {
            if (key == null) return;
            _journal!.Append(new JournalEntry
            {
                Key = key,
                State = state,
                Id = id,
                Row = _row,
                Name = video.Name,
                TalkingPhotoUrl = video.TalkingPhotoUrl,
                AudioUrl = video.AudioUrl,
                Reason = reason,
                Repeats = repeats?.Count,
                RepeatedAfter = repeats?.Reasons,
            });
        }

        private BatchJournal OpenJournal(string journalPath)
        {
            string path = FileSystemPath.Resolve(this, journalPath, ErrorIds.JournalInvalid, "journal path");
            try
            {
                // -WhatIf reads the journal (to show which rows it would skip) but creates, locks and writes nothing.
                BatchJournal journal = WhatIfRequested() ? BatchJournal.OpenReadOnly(path) : BatchJournal.Open(path);
                if (journal.IgnoredLines > 0)
                {
                    WriteWarning($"The journal '{path}' has {journal.IgnoredLines} unreadable line(s), probably from a crash while writing; they were skipped.");
                }
                WriteVerbose($"Journal '{path}' knows {journal.Count} row(s).");
                return journal;
            }
            catch (JournalInUseException ex)
            {
                ThrowTerminatingError(ApiErrors.Create(ex, ErrorIds.JournalInUse, ErrorCategory.ResourceBusy, journalPath,
                    ex.Message, "Wait for the other run to finish, or give this run its own -JournalPath; nothing was submitted."));
                throw;
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is System.IO.InvalidDataException || ex is UnauthorizedAccessException)
            {
                ThrowTerminatingError(ApiErrors.Create(ex, ErrorIds.JournalInvalid, ErrorCategory.InvalidData, journalPath,
                    $"Cannot use '{path}' as the batch journal: {ex.Message}", "Give a new file name, or the journal file of an earlier run of this batch."));
                throw;
            }
        }

        private bool WhatIfRequested() =>
            MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? whatIf)
                ? ((SwitchParameter)whatIf).IsPresent
                : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

        /// <summary>Closes the journal once no create can still write to it.</summary>
        private void ReleaseJournal()
        {
            if (_journal == null) return;
            BatchJournal journal = _journal;
            _journal = null;
            Task[] pending = _results.Pending;
            if (pending.Length == 0) journal.Dispose();
            else Task.WhenAll(pending).ContinueWith(_ => journal.Dispose(), TaskScheduler.Default);
        }

        /// <summary>What a row's errors point at: the row's values, so a user can find it in the CSV.</summary>
        private PSObject CurrentRow(AkoolVideo video)
        {
            var row = new PSObject();
            row.Properties.Add(new PSNoteProperty("Row", _row));
            row.Properties.Add(new PSNoteProperty(nameof(Name), video.Name));
            row.Properties.Add(new PSNoteProperty(nameof(TalkingPhotoUrl), TalkingPhotoUrl));
            row.Properties.Add(new PSNoteProperty(nameof(AudioUrl), AudioUrl));
            row.Properties.Add(new PSNoteProperty(nameof(Resolution), Resolution));
            return row;
        }

        private static string Subject(int row, string? name) =>
            string.IsNullOrWhiteSpace(name) ? $"Row {row}" : $"Row {row} ('{DisplayText.Escape(name!.Trim())}')";
    }
}
