using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace Akool.Concurrency
{
    internal enum ReportOrder
    {
        Input,
        Completion,
    }

    // Decide / do / report (docs/ARCHITECTURE.md). Cancellation fires at once on a stop; GraceCancellation a grace
    // period later, for work that may already have been billed, so its outcome can still be recorded.
    internal sealed class BackgroundWork<TItem> : IDisposable
    {
        private readonly Func<TItem, WorkContext, Task<Step<TItem>>> _worker;
        private readonly ReportOrder _order;
        private readonly TimeSpan _grace;
        // The throttle. Its async waiters are served in the order they asked, which makes the turns first come,
        // first served (with one slot, rows are sent one after another in input order). They wait without a token (one
        // costs each waiting item a registration as long-lived as the wait, a lot in a batch of 100,000): a stop frees
        // one extra slot instead, and each waiter it wakes sees the stop and passes its slot on.
        private readonly SemaphoreSlim _slots;
        // Rung by a worker when work finishes or a line is posted; the pipeline thread re-arms it before it looks at
        // the work, so no ring between the look and the sleep is lost.
        private readonly ManualResetEventSlim _bell = new ManualResetEventSlim(false);
        private readonly CancellationTokenSource _cancel;
        private readonly CancellationTokenSource _graceCancel = new CancellationTokenSource();
        private readonly ConcurrentQueue<Action> _mail = new ConcurrentQueue<Action>();
        private readonly Queue<Work> _inOrder = new Queue<Work>();
        // Work started and not finished; also the lock for the cleanups, and what Stop waits on.
        private readonly HashSet<Work> _outstanding = new HashSet<Work>();
        private readonly List<Action> _afterLastWork = new List<Action>();
        private readonly CancellationToken _stopping;
        private int _unreported;
        private bool _stopped;
        private DateTime? _stopUntil;
        private bool _disposed;

        public BackgroundWork(Func<TItem, WorkContext, Task<Step<TItem>>> worker, int throttle, ReportOrder order, TimeSpan grace, CancellationToken stopping, Action<string>? log = null)
        {
            _worker = worker;
            _order = order;
            _grace = grace;
            _slots = new SemaphoreSlim(throttle);
            _stopping = stopping;
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            Context = new WorkContext(Post, log, _cancel.Token, _graceCancel.Token, PauseAsync);
            // However the stop comes (Ctrl+C, an early end, disposal), the grace period starts with it.
            _cancel.Token.Register(() =>
            {
                _graceCancel.CancelAfter(_grace);
                _slots.Release();
            });
        }

        public WorkContext Context { get; }

        public int Running
        {
            get
            {
                lock (_outstanding) return _outstanding.Count;
            }
        }

        public IEnumerable<TItem> Outstanding
        {
            get
            {
                lock (_outstanding) return _outstanding.Select(work => work.Item).ToList();
            }
        }

        public void Start(TItem item)
        {
            if (_stopped) throw new InvalidOperationException("The work has been stopped.");
            var work = new Work(item);
            _unreported++;
            if (_order == ReportOrder.Input) _inOrder.Enqueue(work);
            lock (_outstanding) _outstanding.Add(work);
            // The turn is asked for here, on the pipeline thread, so turns follow the input order.
            Task turn = _slots.WaitAsync();
            _ = Task.Run(() => RunAsync(work, turn));
        }

        public void Drain()
        {
            while (_mail.TryDequeue(out Action? report)) report();
            if (_order != ReportOrder.Input) return;
            while (_inOrder.Count > 0 && _inOrder.Peek().IsDone)
            {
                RunReport(_inOrder.Dequeue());
                while (_mail.TryDequeue(out Action? report)) report();
            }
        }

        public void WaitForRoom(int limit)
        {
            Drain();
            if (Running < limit) return;
            WaitFor(() => Running < limit, null, null, null);
        }

        public bool WaitUntilDone(DateTimeOffset? deadline = null, Action? heartbeat = null, TimeSpan? heartbeatEvery = null)
        {
            if (_stopping.IsCancellationRequested) throw new PipelineStoppedException();
            return WaitFor(() => _unreported == 0, deadline, heartbeat, heartbeatEvery);
        }

        public void Guard(Action step)
        {
            try
            {
                if (_cancel.IsCancellationRequested) throw new PipelineStoppedException();
                step();
            }
            catch (Exception ex)
            {
                Stop();
                if (ex is OperationCanceledException) throw new PipelineStoppedException();
                throw;
            }
        }

        public void Stop()
        {
            if (_disposed) return;
            _stopped = true;
            _cancel.Cancel();
            // One grace period from the first stop, however often it is asked for (Guard, then Dispose).
            _stopUntil ??= DateTime.UtcNow + _grace;
            DateTime until = _stopUntil.Value;
            lock (_outstanding)
            {
                while (_outstanding.Count > 0 && until > DateTime.UtcNow) Monitor.Wait(_outstanding, until - DateTime.UtcNow);
            }
        }

        public void AfterLastWork(Action cleanup)
        {
            lock (_outstanding)
            {
                if (_outstanding.Count > 0)
                {
                    _afterLastWork.Add(cleanup);
                    return;
                }
            }
            cleanup();
        }

        public void Dispose()
        {
            if (_disposed) return;
            // A stop PowerShell raised outside Guard (in the script upstream, say) ends here: wait as Stop does, so a
            // rerun right after finds the journal already released.
            Stop();
            _disposed = true;
            AfterLastWork(() =>
            {
                _cancel.Dispose();
                _graceCancel.Dispose();
                _bell.Dispose();
                _slots.Dispose();
            });
        }

        private bool WaitFor(Func<bool> done, DateTimeOffset? deadline, Action? heartbeat, TimeSpan? heartbeatEvery)
        {
            while (true)
            {
                // Armed before looking, so a worker that finishes between the look and the sleep still wakes it.
                _bell.Reset();
                Drain();
                if (done()) return true;
                TimeSpan wait = heartbeat != null && heartbeatEvery.HasValue ? heartbeatEvery.Value : System.Threading.Timeout.InfiniteTimeSpan;
                if (deadline.HasValue)
                {
                    TimeSpan left = deadline.Value - DateTimeOffset.UtcNow;
                    if (left <= TimeSpan.Zero) return false;
                    if (wait == System.Threading.Timeout.InfiniteTimeSpan || left < wait) wait = left;
                }
                try
                {
                    _bell.Wait(wait, _cancel.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new PipelineStoppedException();
                }
                // Ctrl+C may race a worker's (cancelled) completion: the stop wins, whichever woke the wait.
                if (_stopping.IsCancellationRequested) throw new PipelineStoppedException();
                heartbeat?.Invoke();
            }
        }

        private void Post(Action report)
        {
            _mail.Enqueue(report);
            _bell.Set();
        }

        private void RunReport(Work work)
        {
            _unreported--;
            work.Report?.Invoke();
        }

        private async Task PauseAsync(TimeSpan delay)
        {
            _slots.Release();
            await Task.Delay(delay, _cancel.Token).ConfigureAwait(false);
            await _slots.WaitAsync().ConfigureAwait(false);
            // Held again either way: RunAsync releases it when the worker ends.
            _cancel.Token.ThrowIfCancellationRequested();
        }

        private async Task RunAsync(Work work, Task turn)
        {
            Action? report = null;
            try
            {
                await turn.ConfigureAwait(false);
                Step<TItem> step;
                try
                {
                    // Stopped while it waited for its turn: never started, so nothing to report.
                    _cancel.Token.ThrowIfCancellationRequested();
                    step = await _worker(work.Item, Context).ConfigureAwait(false);
                }
                finally
                {
                    _slots.Release();
                }
                report = step.Reporting;
            }
            catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                // A worker must report its own failures; one that escapes is a bug, surfaced on the pipeline thread.
                report = ExceptionDispatchInfo.Capture(ex).Throw;
            }
            Finish(work, report);
        }

        private void Finish(Work work, Action? report)
        {
            work.Report = report;
            work.IsDone = true;
            if (_order == ReportOrder.Completion) _mail.Enqueue(() => RunReport(work));
            lock (_outstanding)
            {
                _outstanding.Remove(work);
                // Rung after the count went down (WaitForRoom looks at it), and before the cleanups, which may free the bell.
                _bell.Set();
                if (_outstanding.Count > 0) return;
                try
                {
                    // Under the lock, so that a Stop() that returns has seen the journal released.
                    foreach (Action cleanup in _afterLastWork) cleanup();
                }
                finally
                {
                    _afterLastWork.Clear();
                    Monitor.PulseAll(_outstanding);
                }
            }
        }

        private sealed class Work
        {
            // Set by the worker after Report, read by the pipeline thread: volatile, so Report is seen once IsDone is.
            public volatile bool IsDone;

            public Work(TItem item) => Item = item;

            public TItem Item { get; }

            public Action? Report { get; set; }
        }
    }
}
