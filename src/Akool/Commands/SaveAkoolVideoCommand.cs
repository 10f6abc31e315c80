using System;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Concurrency;

namespace Akool.Commands
{
    /// <summary>
    /// <para type="synopsis">Downloads completed Akool videos into a folder, one MP4 file per video.</para>
    /// </summary>
    [Cmdlet(VerbsData.Save, "AkoolVideo", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(FileInfo))]
    public sealed class SaveAkoolVideoCommand : VideoInputCmdlet
    {
        private const int ProgressActivityId = 0x4B2;
        // On Ctrl+C the downloads are cancelled at once; this bounds the wait for them to delete their partial files.
        private static readonly TimeSpan CleanupGrace = TimeSpan.FromSeconds(5);

        private SaveTargets? _targets;
        private BackgroundWork<SaveWork>? _work;
        private VideoDownloader? _downloader;
        private SaveProgress? _saving;
        private string _destination = string.Empty;

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
            _saving = new SaveProgress(this, ProgressActivityId, "Saving Akool videos");
        }

        /// <inheritdoc />
        protected override void ProcessRecord() => _work!.Guard(() =>
        {
            foreach (AkoolVideo video in CurrentVideos()) Start(video);
            _work.Drain();
            _saving!.Show();
        });

        /// <inheritdoc />
        protected override void EndProcessing() => _work!.Guard(() =>
        {
            _work.WaitUntilDone(null, _saving!.Show, SaveProgress.Every);
            _saving.Complete();
        });

        private void Start(AkoolVideo video)
        {
            string? fileName = FileNameFor(video);
            if (fileName == null) return;
            string? target = _targets!.Claim(this, fileName, video.Id, video.Describe(), video, "Give the rows different Names.");
            if (target == null) return;
            if (File.Exists(target) && !Force)
            {
                if (SkipExisting)
                {
                    // Checked in the background like a download (it may ask the server for the video's length).
                    _work!.Start(new SaveWork(video, target, overwrite: false, null, keepExisting: true));
                    return;
                }
                WriteError(ExistingFiles.Exists(video, video.Describe(), target, "give the row another Name"));
                return;
            }
            if (!ShouldProcess(target, $"Save Akool video {video.Id}")) return;

            _work!.Start(new SaveWork(video, target, Force, _saving!.Start()));
        }

        private string? FileNameFor(AkoolVideo video) => SaveFolder.FileName(this, video.Name, video.Id, ".mp4", video.Describe());

        /// <summary>The worker: refreshes the video when its URL is not known, then downloads it. Runs on the thread pool.</summary>
        private async Task<Step<SaveWork>> SaveAsync(SaveWork work, WorkContext context)
        {
            if (work.KeepExisting) return await KeepExistingAsync(work, context).ConfigureAwait(false);
            AkoolVideo video = work.Video;
            try
            {
                AkoolVideo current = NeedsRefresh(video)
                    ? video.WithServerState(await ActiveConnection.Client.GetVideoAsync(video.Id, context.Log, context.Cancellation).ConfigureAwait(false))
                    : video;
                Action? notReady = NotReady(current, context);
                if (notReady != null) return Step<SaveWork>.Report(notReady);

                long bytes = await _downloader!.DownloadAsync(new Uri(current.VideoUrl!), work.Target, work.Overwrite, work.Progress, context.Log, context.Cancellation).ConfigureAwait(false);
                _saving!.Saved();
                return Step<SaveWork>.Report(() =>
                {
                    WriteVerbose(string.Format(CultureInfo.InvariantCulture, "{0}: saved {1:N0} bytes to '{2}'.", current.Describe(), bytes, work.Target));
                    WriteObject(new FileInfo(work.Target));
                });
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && context.Cancellation.IsCancellationRequested))
            {
                // (On Ctrl+C the downloader removed its partial file, and there is nothing to report.)
                return Step<SaveWork>.Report(() => WriteFailure(ex, $"{video.Describe()}: saving to '{work.Target}' failed", video));
            }
            finally
            {
                _saving!.Finished();
            }
        }

        /// <summary>
        /// -SkipExisting: the existing file is emitted as saved only when it can be this video
        /// (VideoDownloader.CheckExistingAsync); its length is compared with the server's when the video's URL is known.
        /// </summary>
        private async Task<Step<SaveWork>> KeepExistingAsync(SaveWork work, WorkContext context)
        {
            AkoolVideo video = work.Video;
            Uri? url = video.Status == AkoolVideoStatus.Completed && !string.IsNullOrEmpty(video.VideoUrl) && !ExpiryCheck.IsExpired(video) ? new Uri(video.VideoUrl!) : null;
            return Step<SaveWork>.Report(await ExistingFiles.KeepAsync(this, _downloader!, SavedFileKind.Mp4Video, work.Target, url, video, video.Describe(), context.Cancellation).ConfigureAwait(false));
        }

        private static bool NeedsRefresh(AkoolVideo video) =>
            video.Status != AkoolVideoStatus.Completed || string.IsNullOrEmpty(video.VideoUrl) || !video.CreatedAt.HasValue;

        /// <summary>Why <paramref name="video"/> cannot be downloaded, as a report for the pipeline thread; null when it can.</summary>
        private Action? NotReady(AkoolVideo video, WorkContext context)
        {
            if (video.Status != AkoolVideoStatus.Completed || string.IsNullOrEmpty(video.VideoUrl))
            {
                // A failed video will never have a file: waiting for it is not the advice.
                if (video.Status == AkoolVideoStatus.Failed)
                {
                    return () => WriteError(ErrorClassifier.Create(ErrorIds.VideoFailed, ErrorCategory.InvalidResult, video,
                        $"{video.Describe()} failed at Akool, so there is no file to save.",
                        "Check the row's photo and audio, then submit it again."));
                }
                return () => WriteError(ErrorClassifier.Create(ErrorIds.VideoNotCompleted, ErrorCategory.InvalidOperation, video,
                    $"{video.Describe()} is {video.Status}, not Completed, so there is nothing to save yet.",
                    "Pipe it through Wait-AkoolVideo first: ... | Wait-AkoolVideo | Save-AkoolVideo."));
            }
            if (ExpiryCheck.IsExpired(video))
            {
                return () => WriteError(ErrorClassifier.Create(ErrorIds.VideoExpired, ErrorCategory.ResourceUnavailable, video,
                    ExpiryCheck.ExpiredMessage(video), "Submit the row again to make a new video."));
            }
            if (ExpiryCheck.ExpiresSoon(video)) context.Post(() => WriteWarning(ExpiryCheck.SoonMessage(video)));
            return null;
        }

        /// <summary>One download, decided on the pipeline thread: the video, its claimed target, and its progress sink.</summary>
        private sealed class SaveWork
        {
            public SaveWork(AkoolVideo video, string target, bool overwrite, IDownloadProgress? progress, bool keepExisting = false)
            {
                Video = video;
                Target = target;
                Overwrite = overwrite;
                Progress = progress;
                KeepExisting = keepExisting;
            }

            public AkoolVideo Video { get; }

            public string Target { get; }

            public bool Overwrite { get; }

            public IDownloadProgress? Progress { get; }

            /// <summary>-SkipExisting found a file at the target: check it instead of downloading.</summary>
            public bool KeepExisting { get; }
        }
    }
}
