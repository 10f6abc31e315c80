using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Akool.Client;

namespace Akool
{
    /// <summary>
    /// Polls many videos in one loop until each is final. Every video has its own interval: about a second while it
    /// is young, then a quarter of its age, up to the maximum. So a video is seen finished within a quarter of its
    /// age at worst (a 5-second job about a second late, a 4-minute job within the maximum), and a long job costs
    /// few requests. Each video is asked when it is due, many at once (bounded), so a check of every video takes
    /// about one request's time however many there are, and no slow answer holds back the others.
    /// Results go to the callbacks, on a worker thread.
    /// </summary>
    internal sealed class VideoWatcher : IDisposable
    {
        private const int AgeDivisor = 4;
        private static readonly TimeSpan ShortestInterval = TimeSpan.FromSeconds(1);

        private readonly AkoolClient _client;
        private readonly Action<string> _log;
        private readonly TimeSpan _maximumInterval;
        private readonly SemaphoreSlim _concurrency;
        private readonly SemaphoreSlim _wake = new SemaphoreSlim(0);
        private readonly CancellationTokenSource _stop;
        private readonly CancellationToken _cancellation;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly object _lock = new object();
        private readonly List<Entry> _entries = new List<Entry>();
        private readonly Action<AkoolVideo> _finished;
        private readonly Action<AkoolVideo, AkoolApiException> _lost;
        private Task? _loop;

        public VideoWatcher(AkoolClient client, Action<string> log, TimeSpan maximumInterval, int concurrency,
            Action<AkoolVideo> finished, Action<AkoolVideo, AkoolApiException> lost, CancellationToken cancellation)
        {
            _client = client;
            _log = log;
            _maximumInterval = maximumInterval;
            _concurrency = new SemaphoreSlim(concurrency);
            _finished = finished;
            _lost = lost;
            // Linked, so the loop ends on Ctrl+C and also when the cmdlet is done with it (Dispose).
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            _cancellation = _stop.Token;
        }

        /// <summary>The videos still being watched, as last read.</summary>
        public IReadOnlyList<AkoolVideo> Outstanding
        {
            get
            {
                lock (_lock) return _entries.Select(e => e.Video).ToList();
            }
        }

        /// <summary>Starts watching <paramref name="video"/>; one whose status is not known yet is asked at once.</summary>
        public void Add(AkoolVideo video)
        {
            // The age Akool reports, when it is plausible (a clock far off would make every poll wait the maximum).
            TimeSpan age = video.CreatedAt.HasValue ? DateTimeOffset.UtcNow - video.CreatedAt.Value : TimeSpan.Zero;
            if (age < TimeSpan.Zero || age > AkoolVideo.Lifetime) age = TimeSpan.Zero;
            lock (_lock)
            {
                var entry = new Entry(video, _clock.Elapsed - age);
                entry.NextPoll = video.Status == AkoolVideoStatus.Unknown ? _clock.Elapsed : _clock.Elapsed + IntervalFor(entry);
                _entries.Add(entry);
                _loop ??= Task.Run(RunAsync);
            }
            _wake.Release();
        }

        private TimeSpan IntervalFor(Entry entry)
        {
            TimeSpan byAge = TimeSpan.FromTicks((_clock.Elapsed - entry.Born).Ticks / AgeDivisor);
            TimeSpan shortest = ShortestInterval < _maximumInterval ? ShortestInterval : _maximumInterval;
            return byAge < shortest ? shortest : byAge > _maximumInterval ? _maximumInterval : byAge;
        }

        private async Task RunAsync()
        {
            while (!_cancellation.IsCancellationRequested)
            {
                List<Entry> due;
                TimeSpan wait;
                lock (_lock)
                {
                    TimeSpan now = _clock.Elapsed;
                    due = _entries.Where(e => !e.InFlight && e.NextPoll <= now).ToList();
                    foreach (Entry entry in due) entry.InFlight = true;
                    List<Entry> idle = _entries.Where(e => !e.InFlight).ToList();
                    wait = idle.Count == 0 ? Timeout.InfiniteTimeSpan : idle.Min(e => e.NextPoll) - now;
                }

                // No barrier between rounds: each video is asked when it is due, up to the concurrency bound,
                // so one slow answer never holds back the videos behind it.
                foreach (Entry entry in due) _ = PollAsync(entry);

                if (due.Count == 0)
                {
                    // Sleep until the next video is due, a new one arrives, or a poll ends.
                    try
                    {
                        await _wake.WaitAsync(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, _cancellation).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }
        }

        private async Task PollAsync(Entry entry)
        {
            try
            {
                await _concurrency.WaitAsync(_cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                VideoInfo info = await _client.GetVideoAsync(entry.Video.Id, _log, _cancellation).ConfigureAwait(false);
                AkoolVideo current = entry.Video.WithServerState(info);
                if (current.IsFinal)
                {
                    Remove(entry);
                    _finished(current);
                    return;
                }
                Reschedule(entry, current);
            }
            catch (AkoolApiException ex) when (ex.IsTransient)
            {
                // The client already retried; keep the video and ask again at the next interval.
                _log($"{VideoInputCmdlet.Describe(entry.Video)}: {ex.Message} Will ask again.");
                Reschedule(entry, entry.Video);
            }
            catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
            {
                // Ctrl+C: the cmdlet is stopping.
            }
            catch (Exception ex)
            {
                // Anything else ends the wait for this video alone, with a reason, rather than hanging it.
                Remove(entry);
                _lost(entry.Video, ex as AkoolApiException ?? new AkoolApiException(AkoolErrorKind.Other, ex.Message, innerException: ex));
            }
            finally
            {
                _concurrency.Release();
                _wake.Release();
            }
        }

        /// <summary>Stops the loop: videos still outstanding (after a timeout) are no longer asked about.</summary>
        public void Dispose() => _stop.Cancel();

        private void Reschedule(Entry entry, AkoolVideo current)
        {
            lock (_lock)
            {
                entry.Video = current;
                entry.NextPoll = _clock.Elapsed + IntervalFor(entry);
                entry.InFlight = false;
            }
        }

        private void Remove(Entry entry)
        {
            lock (_lock) _entries.Remove(entry);
        }

        private sealed class Entry
        {
            public Entry(AkoolVideo video, TimeSpan born)
            {
                Video = video;
                Born = born;
            }

            public AkoolVideo Video { get; set; }

            /// <summary>When the video was created, on the watcher's clock (may be before the watcher started).</summary>
            public TimeSpan Born { get; }

            public TimeSpan NextPoll { get; set; }

            /// <summary>True while a poll of this video is queued or running.</summary>
            public bool InFlight { get; set; }
        }
    }
}
