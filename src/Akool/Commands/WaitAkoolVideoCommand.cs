using System;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using Akool.Client;

namespace Akool.Commands
{
    /// <summary>
    /// <para type="synopsis">Waits for Akool videos to finish, and emits each one as soon as it is completed.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "AkoolVideo", DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(AkoolVideo))]
    public sealed class WaitAkoolVideoCommand : VideoInputCmdlet
    {
        private const int ProgressActivityId = 0x4B1;
        // Enough to keep up with 500 young videos polled every second at 50 ms a request.
        private const int PollConcurrency = 32;

        private VideoWatcher? _watcher;
        private ThrottledProgress? _progress;
        private DateTimeOffset _deadline;
        private int _total;
        private int _completed;
        private int _failed;

        /// <summary>The longest pause between two checks of one video, in seconds. Checks start about a second apart and grow with the video's age (a quarter of it) up to this.</summary>
        [Parameter]
        [ValidateRange(0.1, 3600.0)]
        public double PollInterval { get; set; } = 10;

        /// <summary>Seconds to wait in all before giving up on unfinished videos (they keep going at Akool); 0 waits forever.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int Timeout { get; set; } = 3600;

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _deadline = Timeout == 0 ? DateTimeOffset.MaxValue : DateTimeOffset.UtcNow.AddSeconds(Timeout);
            _progress = new ThrottledProgress(this, ProgressActivityId, "Waiting for Akool videos");
            _watcher = new VideoWatcher(ActiveConnection.Client, ClientLog, TimeSpan.FromSeconds(PollInterval), PollConcurrency,
                video => Mailbox.Post(() => Finish(video)),
                (video, error) => Mailbox.Post(() => Lose(video, error)),
                StopToken);
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            foreach (AkoolVideo video in CurrentVideos())
            {
                _total++;
                if (video.IsFinal) Finish(video);
                else _watcher!.Add(video);
            }
            // Report what finished meanwhile, without blocking: the cmdlets upstream are still producing.
            Mailbox.RunPending();
            ShowProgress(force: false);
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            try
            {
                WaitForAll();
            }
            finally
            {
                _watcher!.Dispose();
            }
            _progress!.Complete();
        }

        private void WaitForAll()
        {
            while (_completed + _failed < _total)
            {
                TimeSpan left = _deadline - DateTimeOffset.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    Mailbox.RunPending();
                    ReportTimeouts();
                    break;
                }
                WaitForMail(left < TimeSpan.FromMilliseconds(250) ? left : TimeSpan.FromMilliseconds(250));
                ShowProgress(force: false);
            }
        }

        private void Finish(AkoolVideo video)
        {
            Completion.SeenVideos.Remember(video);
            if (video.Status == AkoolVideoStatus.Failed)
            {
                _failed++;
                string reason = video.ErrorReason != null || video.ErrorCode != null
                    ? $" Akool says: {video.ErrorReason ?? "(no reason given)"}{(video.ErrorCode != null ? $" (error code {video.ErrorCode})" : string.Empty)}."
                    : " Akool gave no reason.";
                WriteError(ApiErrors.Create(ErrorIds.VideoFailed, ErrorCategory.InvalidResult, video,
                    $"{Describe(video)} failed.{reason}",
                    "Check that the photo shows one frontal, well lit face and that the audio URL is reachable, then submit the row again."));
                return;
            }

            _completed++;
            if (ExpiryCheck.IsExpired(video))
            {
                WriteError(ApiErrors.Create(ErrorIds.VideoExpired, ErrorCategory.ResourceUnavailable, video, ExpiryCheck.ExpiredMessage(video), "Submit the row again to make a new video."));
                return;
            }
            if (ExpiryCheck.ExpiresSoon(video)) WriteWarning(ExpiryCheck.SoonMessage(video));
            WriteObject(video);
        }

        private void Lose(AkoolVideo video, AkoolApiException error)
        {
            _failed++;
            WriteError(ApiErrors.FromApi(error, Describe(video), video));
        }

        private void ReportTimeouts()
        {
            foreach (AkoolVideo video in _watcher!.Outstanding)
            {
                _failed++;
                WriteError(ApiErrors.Create(ErrorIds.WaitTimeout, ErrorCategory.OperationTimeout, video,
                    $"{Describe(video)} was still {video.Status} after {Timeout} s.",
                    $"It keeps going at Akool: resume with Wait-AkoolVideo -Id {video.Id} (or pipe the saved objects in again), or raise -Timeout."));
            }
        }

        private void ShowProgress(bool force)
        {
            if (!force && !_progress!.IsDue) return;
            var outstanding = _watcher!.Outstanding;
            int queueing = outstanding.Count(v => v.Status == AkoolVideoStatus.Queueing || v.Status == AkoolVideoStatus.Unknown);
            int processing = outstanding.Count(v => v.Status == AkoolVideoStatus.Processing);
            string status = string.Format(CultureInfo.CurrentCulture, "{0} queueing, {1} processing, {2} completed, {3} failed (of {4})",
                queueing, processing, _completed, _failed, _total);
            _progress!.Report(status, _total == 0 ? 0 : (_completed + _failed) * 100 / _total, force);
        }
    }
}
