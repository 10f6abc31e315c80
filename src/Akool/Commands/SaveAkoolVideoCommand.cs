using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Akool.Client;

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

        private readonly Dictionary<string, string> _claimedPaths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        private readonly List<Task> _downloads = new List<Task>();
        private readonly DownloadTally _tally = new DownloadTally();
        private SemaphoreSlim? _slots;
        private VideoDownloader? _downloader;
        private ThrottledProgress? _progress;
        private string _destination = string.Empty;
        private int _saved;
        private int _finished;

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
            if (Force && SkipExisting)
            {
                ThrowTerminatingError(ApiErrors.Create(ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, null, "-Force and -SkipExisting contradict each other; use one."));
            }
            _destination = Destination == null
                ? SessionState.Path.CurrentFileSystemLocation.ProviderPath
                : FileSystemPath.Resolve(this, Destination, ErrorIds.DestinationInvalid, "destination");
            PrepareDestination();
            _slots = new SemaphoreSlim(ThrottleLimit);
            _downloader = new VideoDownloader(ActiveConnection.Client);
            _progress = new ThrottledProgress(this, ProgressActivityId, "Saving Akool videos");
        }

        /// <inheritdoc />
        protected override void ProcessRecord() => WhileRunning(() =>
        {
            foreach (AkoolVideo video in CurrentVideos()) Start(video);
            Mailbox.RunPending();
            ShowProgress();
        });

        /// <inheritdoc />
        protected override void EndProcessing() => WhileRunning(() =>
        {
            while (_downloads.Any(d => !d.IsCompleted))
            {
                WaitForMail(TimeSpan.FromMilliseconds(250));
                ShowProgress();
            }
            Mailbox.RunPending();
            _progress!.Complete();
        });

        private void Start(AkoolVideo video)
        {
            string? fileName = FileNameFor(video);
            if (fileName == null) return;
            string target = Path.Combine(_destination, fileName);
            if (!SafeFileName.IsInside(target, _destination))
            {
                WriteError(ApiErrors.Create(ErrorIds.DestinationInvalid, ErrorCategory.SecurityError, video,
                    $"{Describe(video)}: the file name '{fileName}' would leave the destination folder; refused."));
                return;
            }
            if (_claimedPaths.TryGetValue(target, out string? claimedBy))
            {
                if (claimedBy == video.Id)
                {
                    // The same video twice (for example a repeated webhook event): one file is the right answer.
                    WriteVerbose($"{Describe(video)} is already being saved as '{target}' in this batch; skipped.");
                    return;
                }
                WriteError(ApiErrors.Create(ErrorIds.FileExists, ErrorCategory.ResourceExists, video,
                    $"{Describe(video)}: another video of this batch is already being saved as '{target}'.",
                    "Give the rows different Names."));
                return;
            }
            _claimedPaths[target] = video.Id;
            if (File.Exists(target) && !Force)
            {
                if (SkipExisting)
                {
                    _downloads.Add(KeepExistingAsync(video, target));
                    return;
                }
                WriteError(ApiErrors.Create(ErrorIds.FileExists, ErrorCategory.ResourceExists, video,
                    $"{Describe(video)}: '{target}' already exists.",
                    "Pass -Force to overwrite it, -SkipExisting to keep it, or give the row another Name."));
                return;
            }
            if (!ShouldProcess(target, $"Save Akool video {video.Id}")) return;

            _downloads.Add(SaveAsync(video, target));
        }

        private string? FileNameFor(AkoolVideo video)
        {
            if (string.IsNullOrWhiteSpace(video.Name)) return video.Id + ".mp4";
            string? safe = SafeFileName.From(video.Name!);
            if (safe == null)
            {
                WriteWarning($"{Describe(video)}: the Name has no characters usable in a file name; saving as '{video.Id}.mp4'.");
                return video.Id + ".mp4";
            }
            if (safe != video.Name!.Trim()) WriteWarning($"{Describe(video)}: the Name is not a safe file name; saving as '{safe}.mp4'.");
            return safe + ".mp4";
        }

        private async Task SaveAsync(AkoolVideo video, string target)
        {
            await _slots!.WaitAsync(StopToken).ConfigureAwait(false);
            try
            {
                AkoolVideo current = NeedsRefresh(video)
                    ? video.WithServerState(await ActiveConnection.Client.GetVideoAsync(video.Id, ClientLog, StopToken).ConfigureAwait(false))
                    : video;
                if (!Ready(current)) return;

                long bytes = await _downloader!.DownloadAsync(new Uri(current.VideoUrl!), target, Force, _tally.ForOneDownload(), ClientLog, StopToken).ConfigureAwait(false);
                Interlocked.Increment(ref _saved);
                Mailbox.Post(() =>
                {
                    WriteVerbose(string.Format(CultureInfo.InvariantCulture, "{0}: saved {1:N0} bytes to '{2}'.", Describe(current), bytes, target));
                    WriteObject(new FileInfo(target));
                });
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                // Ctrl+C: the downloader removed its partial file.
            }
            catch (Exception ex)
            {
                Mailbox.Post(() => WriteFailure(ex, $"{Describe(video)}: saving to '{target}' failed", video));
            }
            finally
            {
                Interlocked.Increment(ref _finished);
                _slots.Release();
                Mailbox.Wake();
            }
        }

        /// <summary>-SkipExisting: the existing file is emitted as saved only when it can be this video (VideoDownloader.CheckExistingAsync).</summary>
        private async Task KeepExistingAsync(AkoolVideo video, string target)
        {
            try
            {
                Uri? url = video.Status == AkoolVideoStatus.Completed && !string.IsNullOrEmpty(video.VideoUrl) && !ExpiryCheck.IsExpired(video) ? new Uri(video.VideoUrl!) : null;
                string? problem = await _downloader!.CheckExistingAsync(target, url, StopToken).ConfigureAwait(false);
                Mailbox.Post(() =>
                {
                    if (problem == null)
                    {
                        WriteVerbose($"{Describe(video)}: '{target}' already exists; skipped (-SkipExisting).");
                        WriteObject(new FileInfo(target));
                        return;
                    }
                    WriteError(ApiErrors.Create(ErrorIds.FileExists, ErrorCategory.ResourceExists, video,
                        $"{Describe(video)}: '{target}' already exists, but {problem}; it was left alone and not counted as saved.",
                        "Move or delete that file and run again, or pass -Force to replace it."));
                });
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                Mailbox.Post(() => WriteFailure(ex, $"{Describe(video)}: checking the existing '{target}' failed", video));
            }
            finally
            {
                Mailbox.Wake();
            }
        }

        private static bool NeedsRefresh(AkoolVideo video) =>
            video.Status != AkoolVideoStatus.Completed || string.IsNullOrEmpty(video.VideoUrl) || !video.CreatedAt.HasValue;

        /// <summary>Checks that <paramref name="video"/> can be downloaded; reports why not (from a worker thread, through the mailbox).</summary>
        private bool Ready(AkoolVideo video)
        {
            if (video.Status != AkoolVideoStatus.Completed || string.IsNullOrEmpty(video.VideoUrl))
            {
                // A failed video will never have a file: waiting for it is not the advice.
                bool failed = video.Status == AkoolVideoStatus.Failed;
                Mailbox.Post(() => WriteError(ApiErrors.Create(failed ? ErrorIds.VideoFailed : ErrorIds.VideoNotCompleted, failed ? ErrorCategory.InvalidResult : ErrorCategory.InvalidOperation, video,
                    failed ? $"{Describe(video)} failed at Akool, so there is no file to save." : $"{Describe(video)} is {video.Status}, not Completed, so there is nothing to save yet.",
                    failed ? "Check the row's photo and audio, then submit it again." : "Pipe it through Wait-AkoolVideo first: ... | Wait-AkoolVideo | Save-AkoolVideo.")));
                return false;
            }
            if (ExpiryCheck.IsExpired(video))
            {
                Mailbox.Post(() => WriteError(ApiErrors.Create(ErrorIds.VideoExpired, ErrorCategory.ResourceUnavailable, video,
                    ExpiryCheck.ExpiredMessage(video), "Submit the row again to make a new video.")));
                return false;
            }
            if (ExpiryCheck.ExpiresSoon(video)) Mailbox.Post(() => WriteWarning(ExpiryCheck.SoonMessage(video)));
            return true;
        }

        private void PrepareDestination()
        {
            if (File.Exists(_destination))
            {
                ThrowTerminatingError(ApiErrors.Create(ErrorIds.DestinationInvalid, ErrorCategory.InvalidArgument, _destination,
                    $"The destination '{_destination}' is a file; it must be a folder.", "Give a folder path (it is created when missing)."));
            }
            try
            {
                if (!Directory.Exists(_destination))
                {
                    if (!ShouldProcess(_destination, "Create folder")) return;
                    Directory.CreateDirectory(_destination);
                }
                // Find out now, once, rather than with one error per video.
                string probe = Path.Combine(_destination, ".akool-write-test-" + Guid.NewGuid().ToString("N"));
                using (File.Create(probe, 1, FileOptions.DeleteOnClose))
                {
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException)
            {
                ThrowTerminatingError(ApiErrors.Create(ex, ErrorIds.DestinationInvalid, ErrorCategory.WriteError, _destination,
                    $"Cannot write to the destination '{_destination}': {ex.Message}", "Choose a folder you can write to."));
            }
        }

        /// <summary>Runs a pipeline step; on Ctrl+C waits briefly for the cancelled downloads to remove their partial files.</summary>
        private void WhileRunning(Action step)
        {
            try
            {
                step();
            }
            catch (PipelineStoppedException)
            {
                Task.WhenAll(_downloads).ContinueWith(_ => { }, TaskScheduler.Default).Wait(CleanupGrace);
                throw;
            }
        }

        private void ShowProgress()
        {
            if (_downloads.Count == 0 || !_progress!.IsDue) return;
            long expected = _tally.ExpectedBytes;
            long received = _tally.ReceivedBytes;
            string status = string.Format(CultureInfo.CurrentCulture, "{0} of {1} saved, {2:N1} of {3:N1} MB",
                Volatile.Read(ref _saved), _downloads.Count, received / 1048576.0, expected / 1048576.0);
            int percent = expected > 0 ? (int)(received * 100 / expected) : Volatile.Read(ref _finished) * 100 / _downloads.Count;
            _progress.Report(status, percent);
        }
    }
}
