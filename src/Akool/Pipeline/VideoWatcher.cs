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
    /// Polls many videos in one loop until each is final. Every video has its own interval, growing from about a
    /// second to the maximum, so a fresh video is checked soon and a long one costs few requests; the videos due
    /// in a round are asked concurrently (bounded), so a round takes about one request's time however many there are.
    /// Results go to the callbacks, on a worker thread.
    /// </summary>
    internal sealed class VideoWatcher
    {
        private const double Growth = 1.5;
        private static readonly TimeSpan FirstInterval = TimeSpan.FromSeconds(1);

        private readonly AkoolClient _client;
        private readonly Action<string> _log;
        private readonly TimeSpan _maximumInterval;
        private readonly SemaphoreSlim _concurrency;
        private readonly SemaphoreSlim _wake = new SemaphoreSlim(0);
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
            _cancellation = cancellation;
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
            TimeSpan first = FirstInterval < _maximumInterval ? FirstInterval : _maximumInterval;
            lock (_lock)
            {
                _entries.Add(new Entry(video, video.Status == AkoolVideoStatus.Unknown ? _clock.Elapsed : _clock.Elapsed + first, first));
                _loop ??= Task.Run(RunAsync);
            }
            _wake.Release();
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
                    due = _entries.Where(e => e.NextPoll <= now).ToList();
                    wait = _entries.Count == 0 ? Timeout.InfiniteTimeSpan : _entries.Min(e => e.NextPoll) - now;
                }

                if (due.Count == 0)
                {
                    // Sleep until the next video is due, or a new one arrives.
                    try
                    {
                        await _wake.WaitAsync(wait, _cancellation).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                    continue;
                }

                await Task.WhenAll(due.Select(PollAsync)).ConfigureAwait(false);
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
                lock (_lock)
                {
                    entry.Video = current;
                    entry.Interval = TimeSpan.FromTicks(Math.Min(_maximumInterval.Ticks, (long)(entry.Interval.Ticks * Growth)));
                    entry.NextPoll = _clock.Elapsed + entry.Interval;
                }
            }
            catch (AkoolApiException ex) when (ex.IsTransient)
            {
                // The client already retried; keep the video and ask again at the next interval.
                _log($"{VideoInputCmdlet.Describe(entry.Video)}: {ex.Message} Will ask again.");
                lock (_lock) entry.NextPoll = _clock.Elapsed + entry.Interval;
            }
            catch (AkoolApiException ex)
            {
                Remove(entry);
                _lost(entry.Video, ex);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: the cmdlet is stopping.
            }
            finally
            {
                _concurrency.Release();
            }
        }

        private void Remove(Entry entry)
        {
            lock (_lock) _entries.Remove(entry);
        }

        private sealed class Entry
        {
            public Entry(AkoolVideo video, TimeSpan nextPoll, TimeSpan interval)
            {
                Video = video;
                NextPoll = nextPoll;
                Interval = interval;
            }

            public AkoolVideo Video { get; set; }

            public TimeSpan NextPoll { get; set; }

            public TimeSpan Interval { get; set; }
        }
    }
}
