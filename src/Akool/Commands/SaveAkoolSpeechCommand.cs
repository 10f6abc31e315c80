using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Concurrency;

namespace Akool.Commands
{
    /// <summary>
    /// <para type="synopsis">Downloads completed Akool speeches (New-AkoolSpeech) into a folder, one MP3 file per speech.</para>
    /// </summary>
    [Cmdlet(VerbsData.Save, "AkoolSpeech", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(FileInfo))]
    public sealed class SaveAkoolSpeechCommand : AkoolApiCmdlet
    {
        private const int ProgressActivityId = 0x4B3;
        private const string IdSet = "Id";
        private const string InputObjectSet = "InputObject";
        // On Ctrl+C the downloads are cancelled at once; this bounds the wait for them to delete their partial files.
        private static readonly TimeSpan CleanupGrace = TimeSpan.FromSeconds(5);

        private SaveTargets? _targets;
        private BackgroundWork<SaveWork>? _work;
        private VideoDownloader? _downloader;
        private SaveProgress? _saving;
        private string _destination = string.Empty;

        /// <summary>The speeches to save, as New-AkoolSpeech writes them.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public AkoolSpeech[] InputObject { get; set; } = Array.Empty<AkoolSpeech>();

        /// <summary>
        /// Speech ids (Akool's <c>_id</c>), by value or from any object with an Id column, such as an Import-Csv row
        /// of an earlier Export-Csv of New-AkoolSpeech's output. Each is read from Akool before it is saved.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("_id", "SpeechId")]
        [ArgumentCompleter(typeof(Completion.SpeechIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; } = Array.Empty<string>();

        /// <summary>The folder to save into; created when missing. Default: the current location.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Destination { get; set; }

        /// <summary>Overwrites files that already exist.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Leaves a file that already exists alone and emits it as saved (for re-running a batch; files are only ever complete).</summary>
        [Parameter]
        public SwitchParameter SkipExisting { get; set; }

        /// <summary>How many downloads run at once.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        /// <summary>The Name to carry onto speeches given by id, which names their files (Import-Csv rows bring it along by property name).</summary>
        [Parameter(ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [AllowNull]
        public string? Name { get; set; }

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            ExistingFiles.RefuseForceWithSkip(this, Force, SkipExisting);
            _destination = SaveFolder.Resolve(this, Destination);
            SaveFolder.Prepare(this, _destination);
            _targets = new SaveTargets(_destination);
            _downloader = new VideoDownloader(ActiveConnection.Client);
            _work = StartEngine<SaveWork>(SaveAsync, ThrottleLimit, ReportOrder.Completion, CleanupGrace);
            _saving = new SaveProgress(this, ProgressActivityId, "Saving Akool speeches");
        }

        /// <inheritdoc />
        protected override void ProcessRecord() => _work!.Guard(() =>
        {
            foreach (AkoolSpeech speech in CurrentSpeeches()) Start(speech);
            _work.Drain();
            _saving!.Show();
        });

        /// <inheritdoc />
        protected override void EndProcessing() => _work!.Guard(() =>
        {
            _work.WaitUntilDone(null, _saving!.Show, SaveProgress.Every);
            _saving.Complete();
        });

        /// <summary>The speeches of the current pipeline record; an id that cannot be one is reported once and skipped (<see cref="IdInput.Usable"/>).</summary>
        private IEnumerable<AkoolSpeech> CurrentSpeeches()
        {
            if (ParameterSetName == IdSet)
            {
                // Known by id only: Status is Unknown and there is no URL, so SaveAsync reads each from Akool first.
                return IdInput.Usable(this, Id, "speech", "New-AkoolSpeech").Select(id => AkoolSpeech.FromId(id, InputRules.Optional(Name)));
            }
            return InputObject.Where(speech => speech != null).Select(speech =>
            {
                Completion.SeenSpeeches.Remember(speech);
                return speech;
            });
        }

        private static string Describe(AkoolSpeech speech) =>
            string.IsNullOrEmpty(speech.Name) ? $"Speech {speech.Id}" : $"Speech {speech.Id} ('{DisplayText.Escape(speech.Name)}')";

        private void Start(AkoolSpeech speech)
        {
            string fileName = SaveFolder.FileName(this, speech.Name, speech.Id, ".mp3", Describe(speech));
            string? target = _targets!.Claim(this, fileName, speech.Id, Describe(speech), speech, "Give the speeches different Names.");
            if (target == null) return;
            if (File.Exists(target) && !Force)
            {
                if (SkipExisting)
                {
                    // Checked in the background like a download (it may ask the server for the speech's length).
                    _work!.Start(new SaveWork(speech, target, overwrite: false, null, keepExisting: true));
                    return;
                }
                WriteError(ExistingFiles.Exists(speech, Describe(speech), target, "give the speech another Name"));
                return;
            }
            if (!ShouldProcess(target, $"Save Akool speech {speech.Id}")) return;

            _work!.Start(new SaveWork(speech, target, Force, _saving!.Start()));
        }

        /// <summary>The worker: refreshes the speech when it is not known to be finished with a URL, then downloads it. Runs on the thread pool.</summary>
        private async Task<Step<SaveWork>> SaveAsync(SaveWork work, WorkContext context)
        {
            if (work.KeepExisting) return await KeepExistingAsync(work, context).ConfigureAwait(false);
            AkoolSpeech speech = work.Speech;
            try
            {
                AkoolSpeech current = speech.Status != AkoolSpeechStatus.Completed || string.IsNullOrEmpty(speech.Url)
                    ? speech.WithServerState(await ActiveConnection.Client.GetSpeechAsync(speech.Id, context.Log, context.Cancellation).ConfigureAwait(false))
                    : speech;
                Action? notReady = NotReady(current);
                if (notReady != null) return Step<SaveWork>.Report(notReady);

                long bytes;
                try
                {
                    bytes = await _downloader!.DownloadAsync(new Uri(current.Url!), work.Target, work.Overwrite, work.Progress, context.Log, context.Cancellation).ConfigureAwait(false);
                }
                catch (AkoolApiException ex) when (ex.Kind == AkoolErrorKind.Expired && ReferenceEquals(current, speech))
                {
                    // The URL came with the object, perhaps from long ago, and the contract says nothing of how long a
                    // speech's URL lasts: ask Akool for the speech once, and try again only if it gives another URL.
                    current = speech.WithServerState(await ActiveConnection.Client.GetSpeechAsync(speech.Id, context.Log, context.Cancellation).ConfigureAwait(false));
                    Action? notReadyNow = NotReady(current);
                    if (notReadyNow != null) return Step<SaveWork>.Report(notReadyNow);
                    if (current.Url == speech.Url) throw;
                    context.Log($"{Describe(speech)}: its MP3's URL answered HTTP {ex.HttpStatus}; Akool gives another one now, saving from that.");
                    bytes = await _downloader!.DownloadAsync(new Uri(current.Url!), work.Target, work.Overwrite, work.Progress, context.Log, context.Cancellation).ConfigureAwait(false);
                }
                _saving!.Saved();
                return Step<SaveWork>.Report(() =>
                {
                    WriteVerbose(string.Format(CultureInfo.InvariantCulture, "{0}: saved {1:N0} bytes to '{2}'.", Describe(current), bytes, work.Target));
                    WriteObject(new FileInfo(work.Target));
                });
            }
            catch (AkoolApiException ex) when (ex.Kind == AkoolErrorKind.NotFound)
            {
                // Said here rather than by the shared advice, which speaks of a video's 7 days: the contract states no
                // lifetime for speeches. Most often an id given with -Id that is mistyped or of another account.
                (string errorId, ErrorCategory category) = ErrorClassifier.Classify(ex.Kind);
                return Step<SaveWork>.Report(() => WriteError(ErrorClassifier.Create(ex, errorId, category, speech,
                    $"{Describe(speech)}: Akool does not know this speech id ({ex.Message}), so there is nothing to save.",
                    "Check the Id (the _id New-AkoolSpeech returned) and that you are connected to the account that made the speech.")));
            }
            catch (AkoolApiException ex) when (ex.Kind == AkoolErrorKind.Expired)
            {
                string status = ex.HttpStatus?.ToString(CultureInfo.InvariantCulture) ?? "gone";
                return Step<SaveWork>.Report(() => WriteError(ErrorClassifier.Create(ex, ErrorIds.SpeechExpired, ErrorCategory.ResourceUnavailable, speech,
                    $"{Describe(speech)}: its MP3 is no longer served (HTTP {status}, also at the URL Akool gives for it now), so there is nothing to save.",
                    "Run New-AkoolSpeech again to make the speech anew (it is billed again).")));
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && context.Cancellation.IsCancellationRequested))
            {
                // (On Ctrl+C the downloader removed its partial file, and there is nothing to report.)
                return Step<SaveWork>.Report(() => WriteFailure(ex, $"{Describe(speech)}: saving to '{work.Target}' failed", speech));
            }
            finally
            {
                _saving!.Finished();
            }
        }

        /// <summary>
        /// -SkipExisting: the existing file is emitted as saved only when it can be this speech (an MP3, and as long
        /// as the server's file when the speech's URL is known). Unlike a video's, a speech's URL is not checked for
        /// expiry: the API contract states no lifetime for speech results (it is silent), so none is assumed here; a
        /// URL that no longer answers only means the length cannot be compared.
        /// </summary>
        private async Task<Step<SaveWork>> KeepExistingAsync(SaveWork work, WorkContext context)
        {
            AkoolSpeech speech = work.Speech;
            Uri? url = speech.Status == AkoolSpeechStatus.Completed && !string.IsNullOrEmpty(speech.Url) ? new Uri(speech.Url!) : null;
            return Step<SaveWork>.Report(await ExistingFiles.KeepAsync(this, _downloader!, SavedFileKind.Mp3Speech, work.Target, url, speech, Describe(speech), context.Cancellation).ConfigureAwait(false));
        }

        /// <summary>Why <paramref name="speech"/> cannot be downloaded, as a report for the pipeline thread; null when it can.</summary>
        private Action? NotReady(AkoolSpeech speech)
        {
            if (speech.Status == AkoolSpeechStatus.Failed)
            {
                // A failed speech will never have a file: waiting for it is not the advice.
                string reason = string.IsNullOrEmpty(speech.ErrorReason) ? string.Empty : $" ({speech.ErrorReason})";
                return () => WriteError(ErrorClassifier.Create(ErrorIds.SpeechFailed, ErrorCategory.InvalidResult, speech,
                    $"{Describe(speech)} failed at Akool{reason}, so there is no file to save.",
                    "Check the text and voice, then run New-AkoolSpeech again."));
            }
            if (speech.Status != AkoolSpeechStatus.Completed || string.IsNullOrEmpty(speech.Url))
            {
                return () => WriteError(ErrorClassifier.Create(ErrorIds.VideoNotCompleted, ErrorCategory.InvalidOperation, speech,
                    $"{Describe(speech)} is {speech.Status}, not Completed with an MP3 URL, so there is nothing to save yet.",
                    "Create it with New-AkoolSpeech -Wait, or try again once it is spoken: New-AkoolSpeech ... -Wait | Save-AkoolSpeech."));
            }
            return null;
        }

        /// <summary>One download, decided on the pipeline thread: the speech, its claimed target, and its progress sink.</summary>
        private sealed class SaveWork
        {
            public SaveWork(AkoolSpeech speech, string target, bool overwrite, IDownloadProgress? progress, bool keepExisting = false)
            {
                Speech = speech;
                Target = target;
                Overwrite = overwrite;
                Progress = progress;
                KeepExisting = keepExisting;
            }

            public AkoolSpeech Speech { get; }

            public string Target { get; }

            public bool Overwrite { get; }

            /// <summary>Where the download's bytes are counted for the progress bar; null for a file kept by -SkipExisting.</summary>
            public IDownloadProgress? Progress { get; }

            /// <summary>-SkipExisting found a file at the target: check it instead of downloading.</summary>
            public bool KeepExisting { get; }
        }
    }
}
