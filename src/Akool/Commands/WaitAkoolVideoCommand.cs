using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Concurrency;
using Akool.Errors;

namespace Akool.Commands
{
    /// <summary>Waits for Akool videos to finish, and emits each one as soon as it is completed.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "AkoolVideo", DefaultParameterSetName = IdSet)]
    [OutputType(typeof(AkoolVideo))]
    public sealed class WaitAkoolVideoCommand : VideoInputCmdlet
    {
        private const int ProgressActivityId = 0x4B1;
        // Enough to keep up with 500 young videos polled every second at 50 ms a request.
        private const int PollConcurrency = 32;
        private const int AgeDivisor = 4;
        // An outage is warned about after this long without an answer (or a quarter of -Timeout, when shorter).
        private static readonly TimeSpan OutageWarningAfter = TimeSpan.FromSeconds(30);

        // A time seam: the tests lower it so that waiting for the emulator's sub-second videos does not take a second each.
        internal static TimeSpan ShortestInterval { get; set; } = TimeSpan.FromSeconds(1);

        private BackgroundWork<VideoPoll>? _work;
        private RateLimiter? _rate;
        private ThrottledProgress? _progress;
        private TimeSpan _maximumInterval;
        private DateTimeOffset? _deadline;
        private int _total;
        private int _completed;
        private int _failed;
        private TimeSpan _outageAfter;
        // When Akool last answered a status request (UTC ticks), and whether the silence since was warned about.
        private long _answeredAt;
        private int _outageWarned;

        /// <summary>The longest pause between two checks of one video, in seconds.</summary>
        [Parameter]
        [Alias("PollIntervalSec")]
        [ValidateRange(0.1, 3600.0)]
        public double PollInterval { get; set; } = 10;

        /// <summary>Seconds to wait in all before giving up on unfinished videos (they keep going at Akool); 0 waits forever.</summary>
        [Parameter]
        [Alias("TimeoutSec")]
        [ValidateRange(0, int.MaxValue)]
        public int Timeout { get; set; } = 3600;

        /// <summary>The most status requests this command sends per second, for all its videos together (0: no ceiling).</summary>
        // Akool answers code 1005 when asked too often and publishes no number: 250 keeps thousands of videos (measured
        // at up to 1,400 a second unbounded) from provoking it, and does not slow the 500-video one-liner (100 cost 20%).
        [Parameter]
        [ValidateRange(0.0, 10000.0)]
        public double MaximumRequestRate { get; set; } = 250;

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _deadline = Timeout == 0 ? (DateTimeOffset?)null : DateTimeOffset.UtcNow.AddSeconds(Timeout);
            _maximumInterval = TimeSpan.FromSeconds(PollInterval);
            _outageAfter = Timeout == 0 || Timeout * 4 >= OutageWarningAfter.TotalSeconds ? OutageWarningAfter : TimeSpan.FromSeconds(Timeout / 4.0);
            _answeredAt = DateTimeOffset.UtcNow.UtcTicks;
            _rate = RateLimiter.For(MaximumRequestRate);
            _progress = new ThrottledProgress(this, ProgressActivityId, "Waiting for Akool videos");
            _work = StartEngine<VideoPoll>(PollAsync, PollConcurrency, ReportOrder.Completion);
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            foreach (AkoolVideo video in CurrentVideos())
            {
                _total++;
                if (video.IsFinal)
                {
                    Finish(video);
                    continue;
                }
                _work!.Start(VideoPoll.Of(video));
            }
            // Report what finished meanwhile, without blocking: the cmdlets upstream are still producing.
            _work!.Drain();
            ShowProgress();
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            if (!_work!.WaitUntilDone(_deadline, ShowProgress, ThrottledProgress.Every))
            {
                // The videos left keep going at Akool: name each, then stop asking about them.
                List<VideoPoll> unfinished = _work.Outstanding.ToList();
                _work.Stop();
                ReportTimeouts(unfinished);
            }
            ShowProgress(now: true);
            _progress!.Complete(_total == 0 ? null : string.Format(CultureInfo.CurrentCulture, "{0} videos: {1} done, {2} failed", _total, _completed, _failed));
        }

        private async Task<Step<VideoPoll>> PollAsync(VideoPoll poll, WorkContext context)
        {
            if (poll.Video.Status != AkoolVideoStatus.Unknown) await context.PauseAsync(IntervalFor(poll)).ConfigureAwait(false);
            while (true)
            {
                try
                {
                    // The ceiling is for the whole command: a token per request, whichever video asks (the client's own
                    // retries of one request back off on their own schedule).
                    if (_rate != null) await _rate.WaitAsync(context.Cancellation).ConfigureAwait(false);
                    VideoInfo info = await ActiveConnection.Client.GetVideoAsync(poll.Video.Id, context.Log, context.Cancellation).ConfigureAwait(false);
                    poll.Answered(poll.Video.WithServerState(info));
                    Interlocked.Exchange(ref _answeredAt, poll.AnsweredAt.UtcTicks);
                    Interlocked.Exchange(ref _outageWarned, 0);
                    AkoolVideo current = poll.Video;
                    if (current.IsFinal) return Step<VideoPoll>.Report(() => Finish(current));
                }
                catch (AkoolApiException ex) when (ex.IsTransient)
                {
                    // The client already retried; keep the video and ask again at the next interval.
                    poll.Failed(ex);
                    string line = $"{poll.Video.Describe()}: {ex.Message} Will ask again.";
                    context.Post(() => WriteVerbose(line));
                    var since = new DateTimeOffset(Interlocked.Read(ref _answeredAt), TimeSpan.Zero);
                    if (DateTimeOffset.UtcNow - since >= _outageAfter && Interlocked.Exchange(ref _outageWarned, 1) == 0)
                    {
                        context.Post(() => WarnOutage(since, ex));
                    }
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && context.Cancellation.IsCancellationRequested))
                {
                    // Anything else ends the wait for this video alone, with a reason, rather than hanging it.
                    return Step<VideoPoll>.Report(() =>
                    {
                        _failed++;
                        WriteFailure(ex, poll.Video.Describe(), poll.Video);
                        ShowProgress(now: true);
                    });
                }
                await context.PauseAsync(IntervalFor(poll)).ConfigureAwait(false);
            }
        }

        private TimeSpan IntervalFor(VideoPoll poll)
        {
            TimeSpan byAge = TimeSpan.FromTicks(poll.Age.Ticks / AgeDivisor);
            TimeSpan shortest = ShortestInterval < _maximumInterval ? ShortestInterval : _maximumInterval;
            return byAge < shortest ? shortest : byAge > _maximumInterval ? _maximumInterval : byAge;
        }

        private void Finish(AkoolVideo video)
        {
            if (video.Status == AkoolVideoStatus.Failed)
            {
                _failed++;
                Completion.SeenIds.Videos.Remember(video.Id, video.Name);
                string reason = video.ErrorReason != null || video.ErrorCode != null
                    ? $" Akool says: {video.ErrorReason ?? "(no reason given)"}{(video.ErrorCode != null ? $" (error code {video.ErrorCode})" : string.Empty)}."
                    : " Akool gave no reason.";
                WriteError(ErrorClassifier.Create(ErrorIds.VideoFailed, ErrorCategory.InvalidResult, video,
                    $"{video.Describe()} failed.{reason}",
                    "Check that the photo shows one frontal, well lit face and that the audio URL is reachable, then submit the row again."));
                ShowProgress(now: true);
                return;
            }

            _completed++;
            if (video.IsExpired(DateTimeOffset.UtcNow))
            {
                Completion.SeenIds.Videos.Remember(video.Id, video.Name);
                WriteError(ErrorClassifier.Create(ErrorIds.VideoExpired, ErrorCategory.ResourceUnavailable, video, video.ExpiredMessage, "Submit the row again to make a new video."));
                return;
            }
            if (video.ExpiresSoon) WriteWarning(video.SoonMessage);
            WriteVideo(video);
        }

        private void WarnOutage(DateTimeOffset since, AkoolApiException cause)
        {
            string statuses = string.Join(", ", _work!.Outstanding.GroupBy(poll => poll.Video.Status)
                .Select(g => $"{g.Count()} {(g.Key == AkoolVideoStatus.Unknown ? "not checked yet" : g.Key.ToString())}"));
            WriteWarning($"Akool has not answered since {since.ToLocalTime():T} ({cause.Message.TrimEnd('.')}); last known status: {statuses}. " +
                $"Still asking until -Timeout ({(Timeout == 0 ? "none" : Timeout + " s")}); check the network, the proxy and -BaseUri.");
        }

        private void ReportTimeouts(List<VideoPoll> unfinished)
        {
            foreach (VideoPoll poll in unfinished)
            {
                _failed++;
                AkoolVideo video = poll.Video;
                Exception? silence = poll.LastFailure;
                string resume = $"resume with Wait-AkoolVideo -Id {video.Id} (or pipe the saved objects in again)";
                if (silence == null)
                {
                    WriteError(ErrorClassifier.Create(ErrorIds.WaitTimeout, ErrorCategory.OperationTimeout, video,
                        $"{video.Describe()} was still {video.Status} after {Timeout} s.",
                        $"It keeps going at Akool: {resume}, or raise -Timeout."));
                    continue;
                }
                // The real cause is the silence, not the video's slowness: say so, and carry the last failure.
                string message = $"{video.Describe()}: Akool has not answered about it since {poll.AnsweredAt.ToLocalTime():T} " +
                    $"({silence.Message.TrimEnd('.')}); its last known status is {video.Status}, and -Timeout ({Timeout} s) ran out.";
                WriteError(ErrorClassifier.Create(new AkoolException(message, silence), ErrorIds.WaitTimeout, ErrorCategory.OperationTimeout, video, message,
                    $"Check that Akool can be reached (network, proxy, -BaseUri); the video keeps going at Akool: {resume} once it answers."));
            }
        }

        // The total first, so a narrow console cuts the time, not the total.
        private void ShowProgress() => ShowProgress(now: false);

        private void ShowProgress(bool now)
        {
            if (_total == 0 || !(now || _progress!.IsDue)) return;
            int finished = _completed + _failed;
            int advanced = _work!.Outstanding.Sum(poll => Math.Max(0, Math.Min(100, poll.Video.Progress ?? 0)));
            string status = string.Format(CultureInfo.CurrentCulture, "{0} videos: {1} done, {2} failed, {3} to go, {4}",
                _total, _completed, _failed, _total - finished, _progress!.Elapsed);
            _progress.Report(status, (finished * 100 + advanced) / _total, now);
        }

        // Only its worker writes it; the pipeline thread reads it (progress, time-outs).
        private sealed class VideoPoll(AkoolVideo first, TimeSpan born)
        {
            private static readonly Stopwatch Clock = Stopwatch.StartNew();
            private volatile AkoolVideo _video = first;
            private volatile Exception? _lastFailure;
            private long _answeredAt = DateTimeOffset.UtcNow.UtcTicks;

            public AkoolVideo Video => _video;

            public DateTimeOffset AnsweredAt => new DateTimeOffset(Interlocked.Read(ref _answeredAt), TimeSpan.Zero);

            public Exception? LastFailure => _lastFailure;

            public void Failed(Exception error) => _lastFailure = error;

            public void Answered(AkoolVideo video)
            {
                _video = video;
                _lastFailure = null;
                Interlocked.Exchange(ref _answeredAt, DateTimeOffset.UtcNow.UtcTicks);
            }

            public TimeSpan Age => Clock.Elapsed - born;

            // Aged as Akool says when that is plausible: a clock far off would make every poll wait the maximum.
            public static VideoPoll Of(AkoolVideo video)
            {
                TimeSpan age = video.CreatedAt.HasValue ? DateTimeOffset.UtcNow - video.CreatedAt.Value : TimeSpan.Zero;
                if (age < TimeSpan.Zero || age > AkoolVideo.Lifetime) age = TimeSpan.Zero;
                return new VideoPoll(video, Clock.Elapsed - age);
            }
        }
    }
}
