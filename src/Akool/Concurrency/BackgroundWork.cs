using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace Akool.Concurrency
{
    /// <summary>How a finished piece of work is reported back.</summary>
    internal enum ReportOrder
    {
        /// <summary>In the order the work was started (Get, New: output matches input).</summary>
        Input,

        /// <summary>As each piece finishes (Wait, Save: the first finished is the first useful).</summary>
        Completion,
    }

    /// <summary>
    /// The one background-work engine of the module, in three phases (as PSResourceGet's InstallHelper): the
    /// cmdlet decides on the pipeline thread and <see cref="Start"/>s an immutable work item, which waits in one
    /// first-come-first-served ready queue; at most <c>throttle</c> worker loops on the thread pool take items in turn,
    /// do the network work and return a <see cref="Step{TItem}"/>;
    /// the cmdlet drains the reports on the pipeline thread (<see cref="Drain"/>, <see cref="WaitForRoom"/>,
    /// <see cref="WaitUntilDone"/>), the only thread where <c>Write*</c> is allowed. Waiting wakes when a piece of
    /// work finishes or a worker posts a line, never on a polling tick; Ctrl+C ends a wait at once.
    /// </summary>
    /// <remarks>
    /// Two cancellations: <see cref="WorkContext.Cancellation"/> fires at once on Ctrl+C, an early end or
    /// disposal (work not yet started is dropped, reads stop); <see cref="WorkContext.GraceCancellation"/> fires
    /// only after the grace period, for work that may already have been billed (a create on the wire), so its
    /// outcome can still be recorded. Resources the work uses (a journal) are released by
    /// <see cref="AfterLastWork"/> once the last worker is done, never under a worker's feet.
    /// </remarks>
    internal sealed class BackgroundWork<TItem> : IDisposable
    {
        private readonly Func<TItem, WorkContext, Task<Step<TItem>>> _worker;
        private readonly ReportOrder _order;
        private readonly TimeSpan _grace;
        private readonly int _throttle;
        private readonly ConcurrentQueue<Work> _ready = new ConcurrentQueue<Work>();
        // Rung by a worker when work finishes or a line is posted; the pipeline thread re-arms it before it looks at
        // the work, so no ring between the look and the sleep is lost.
        private readonly ManualResetEventSlim _bell = new ManualResetEventSlim(false);
        private readonly CancellationTokenSource _cancel;
        private readonly CancellationTokenSource _graceCancel = new CancellationTokenSource();
        private readonly ConcurrentQueue<Action> _mail = new ConcurrentQueue<Action>();
        private readonly Queue<Work> _inOrder = new Queue<Work>();
        private readonly ConcurrentDictionary<Work, bool> _outstanding = new ConcurrentDictionary<Work, bool>();
        private readonly ManualResetEventSlim _idle = new ManualResetEventSlim(true);
        private readonly object _lock = new object();
        private readonly List<Action> _afterLastWork = new List<Action>();
        private readonly WorkContext _context;
        private readonly CancellationToken _stopping;
        private int _running;
        private int _workers;
        private int _unreported;
        private bool _stopped;
        private bool _disposed;

        /// <param name="worker">Does one item's network work; must catch its own failures and return a report of them.</param>
        /// <param name="throttle">How many workers run at once.</param>
        /// <param name="order">Whether reports follow the input order or the completion order.</param>
        /// <param name="grace">How long work that may have been billed may go on after a stop.</param>
        /// <param name="stopping">The cmdlet's Ctrl+C token.</param>
        public BackgroundWork(Func<TItem, WorkContext, Task<Step<TItem>>> worker, int throttle, ReportOrder order, TimeSpan grace, CancellationToken stopping)
        {
            _worker = worker;
            _order = order;
            _grace = grace;
            _throttle = throttle;
            _stopping = stopping;
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            _context = new WorkContext(Post, _cancel.Token, _graceCancel.Token);
            // However the stop comes (Ctrl+C, an early end, disposal), the grace period starts with it.
            _cancel.Token.Register(() => _graceCancel.CancelAfter(_grace));
            // Work waiting for its turn is dropped at once, not when a worker comes free.
            _cancel.Token.Register(DropReady);
        }

        /// <summary>What workers get: the cancellations and a thread-safe way to post lines back.</summary>
        public WorkContext Context => _context;

        /// <summary>Work started and not yet reported (pipeline thread).</summary>
        public int Unreported => _unreported;

        /// <summary>Work started and not yet finished, including work waiting for its turn.</summary>
        public int Running => Volatile.Read(ref _running);

        /// <summary>The items of the work not yet finished, as last handed to a worker (for progress and time-outs).</summary>
        public IEnumerable<TItem> Outstanding
        {
            get
            {
                foreach (Work work in _outstanding.Keys) yield return work.Item;
            }
        }

        /// <summary>Queues a report for the pipeline thread; callable from any thread (verbose lines, warnings).</summary>
        public void Post(Action report)
        {
            _mail.Enqueue(report);
            _bell.Set();
        }

        /// <summary>Starts <paramref name="item"/> (pipeline thread); it runs when a slot is free.</summary>
        public void Start(TItem item, TimeSpan delay = default)
        {
            if (_stopped) throw new InvalidOperationException("The work has been stopped.");
            var work = new Work(item);
            _unreported++;
            if (_order == ReportOrder.Input) _inOrder.Enqueue(work);
            lock (_lock)
            {
                _running++;
                _idle.Reset();
            }
            _outstanding[work] = true;
            Schedule(work, delay);
        }

        /// <summary>Adds a report whose content is known now (a validation error), in its place in the order.</summary>
        public void Done(Action report)
        {
            var work = new Work(default!) { Report = report, IsDone = true };
            _unreported++;
            if (_order == ReportOrder.Input) _inOrder.Enqueue(work);
            else _mail.Enqueue(() => RunReport(work));
        }

        /// <summary>Runs every report that is due (pipeline thread).</summary>
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

        /// <summary>
        /// Returns at once while fewer than <paramref name="limit"/> pieces of work are running; otherwise blocks,
        /// draining meanwhile, until no more than <paramref name="resumeAt"/> are (default: one fewer than the
        /// limit). The thread still wakes for every piece of work that finishes, to write its report in turn; a
        /// lower <paramref name="resumeAt"/> only makes it start new work in bursts. (Waking it only at
        /// <paramref name="resumeAt"/> was measured in issue 14 and saved nothing: the reports then came in bursts.)
        /// </summary>
        public void WaitForRoom(int limit, int? resumeAt = null)
        {
            Drain();
            if (Running < limit) return;
            int resume = Math.Min(resumeAt ?? limit - 1, limit - 1);
            while (true)
            {
                _bell.Reset();
                Drain();
                if (Running <= resume) return;
                Sleep(System.Threading.Timeout.InfiniteTimeSpan);
            }
        }

        /// <summary>
        /// Blocks until every piece of work is reported or <paramref name="deadline"/> passes (false), draining as
        /// work finishes. <paramref name="heartbeat"/>, when given, runs at most every <paramref name="heartbeatEvery"/>
        /// and after every wake, for progress bars; it never delays a report.
        /// </summary>
        public bool WaitUntilDone(DateTimeOffset? deadline = null, Action? heartbeat = null, TimeSpan? heartbeatEvery = null)
        {
            if (_stopping.IsCancellationRequested) throw new PipelineStoppedException();
            while (true)
            {
                // Armed before looking, so a worker that finishes between the look and the sleep still wakes it.
                _bell.Reset();
                Drain();
                if (_unreported == 0) return true;
                TimeSpan wait = System.Threading.Timeout.InfiniteTimeSpan;
                if (heartbeat != null && heartbeatEvery.HasValue) wait = heartbeatEvery.Value;
                if (deadline.HasValue)
                {
                    TimeSpan left = deadline.Value - DateTimeOffset.UtcNow;
                    if (left <= TimeSpan.Zero) return false;
                    if (wait == System.Threading.Timeout.InfiniteTimeSpan || left < wait) wait = left;
                }
                Sleep(wait);
                heartbeat?.Invoke();
            }
        }

        /// <summary>
        /// Runs one pipeline step of the cmdlet. If it ends early (Ctrl+C, -ErrorAction Stop, a failure
        /// downstream), work not started is dropped and work on the wire is given the grace period before the
        /// exception goes on; Ctrl+C becomes <see cref="PipelineStoppedException"/>.
        /// </summary>
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

        /// <summary>
        /// Stops: cancels work not started and reads at once, lets work that may have been billed go on for the
        /// grace period, and waits (bounded by it) for the running work to end. Reports that finished stay
        /// queued: <see cref="Drain"/> still writes them where the pipeline allows.
        /// </summary>
        public void Stop()
        {
            if (_disposed) return;
            _stopped = true;
            _cancel.Cancel();
            _idle.Wait(_grace);
        }

        /// <summary>Runs <paramref name="cleanup"/> once no worker is running (at once if none is); any thread.</summary>
        public void AfterLastWork(Action cleanup)
        {
            lock (_lock)
            {
                if (_running > 0)
                {
                    _afterLastWork.Add(cleanup);
                    return;
                }
            }
            cleanup();
        }

        /// <summary>Cancels what is left (as <see cref="Stop"/>, without waiting) and frees the engine once the last worker is done.</summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _stopped = true;
            _cancel.Cancel();
            AfterLastWork(() =>
            {
                _cancel.Dispose();
                _graceCancel.Dispose();
                _bell.Dispose();
                _idle.Dispose();
            });
        }

        /// <summary>Sleeps until a worker rings the bell, <paramref name="timeout"/> passes, or the work is stopped.</summary>
        private void Sleep(TimeSpan timeout)
        {
            try
            {
                _bell.Wait(timeout, _cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
            // Ctrl+C may race a worker's (cancelled) completion: the stop wins, whichever woke the wait.
            if (_stopping.IsCancellationRequested) throw new PipelineStoppedException();
        }

        private void RunReport(Work work)
        {
            _unreported--;
            work.Report?.Invoke();
        }

        /// <summary>Queues <paramref name="work"/> to run now, or after <paramref name="delay"/> (a re-scheduled poll).</summary>
        private void Schedule(Work work, TimeSpan delay)
        {
            if (delay <= TimeSpan.Zero)
            {
                Enqueue(work);
                return;
            }
            Task.Delay(delay, _context.Cancellation).ContinueWith(
                waited =>
                {
                    // Stopped while it waited for its time: it never ran again, so there is nothing to report.
                    if (waited.IsCanceled) Finish(work, null);
                    else Enqueue(work);
                },
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        /// <summary>
        /// Puts <paramref name="work"/> in the ready queue (first come, first served, so with -ThrottleLimit 1 rows go
        /// one after another in input order) and starts a worker if fewer than the throttle are running.
        /// </summary>
        private void Enqueue(Work work)
        {
            _ready.Enqueue(work);
            if (_context.Cancellation.IsCancellationRequested)
            {
                DropReady();
                return;
            }
            while (true)
            {
                int workers = Volatile.Read(ref _workers);
                if (workers >= _throttle) return; // a running worker looks at the queue again before it ends
                if (Interlocked.CompareExchange(ref _workers, workers + 1, workers) == workers) break;
            }
            // Never on the pipeline thread: Start only queues.
            _ = Task.Run(WorkerLoopAsync);
        }

        /// <summary>
        /// One of at most <c>throttle</c> workers: takes ready work one piece after another, without a hand-off between
        /// pieces (the next starts where the last one's answer was read), and ends when the queue is empty.
        /// </summary>
        private async Task WorkerLoopAsync()
        {
            while (true)
            {
                while (_ready.TryDequeue(out Work? work)) await RunOneAsync(work).ConfigureAwait(false);
                Interlocked.Decrement(ref _workers);
                // Work queued after the last look, while every worker was still counted, would wait for nobody:
                // look once more, and stay if there is some and the throttle allows.
                if (_ready.IsEmpty) return;
                int workers = Volatile.Read(ref _workers);
                if (workers >= _throttle || Interlocked.CompareExchange(ref _workers, workers + 1, workers) != workers) return;
            }
        }

        /// <summary>Finishes, unreported, every piece of work still waiting for its turn (after a stop).</summary>
        private void DropReady()
        {
            while (_ready.TryDequeue(out Work? work)) Finish(work, null);
        }

        private async Task RunOneAsync(Work work)
        {
            if (_context.Cancellation.IsCancellationRequested)
            {
                // Stopped before its turn came: never started, so nothing to report.
                Finish(work, null);
                return;
            }
            Step<TItem> step;
            try
            {
                step = await _worker(work.Item, _context).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_context.Cancellation.IsCancellationRequested)
            {
                step = Step<TItem>.Nothing;
            }
            catch (Exception ex)
            {
                // A worker must report its own failures; one that escapes is a bug, surfaced on the pipeline thread.
                ExceptionDispatchInfo captured = ExceptionDispatchInfo.Capture(ex);
                Finish(work, captured.Throw);
                return;
            }
            if (step.Note != null) Post(step.Note);
            if (step.IsAgain)
            {
                // Re-scheduled (a video still processing): the item carries its new state; ask again later.
                work.Item = step.Next!;
                Schedule(work, step.After);
                return;
            }
            Finish(work, step.Reporting);
        }

        private void Finish(Work work, Action? report)
        {
            work.Report = report;
            _outstanding.TryRemove(work, out _);
            work.IsDone = true;
            if (_order == ReportOrder.Completion) _mail.Enqueue(() => RunReport(work));

            List<Action>? cleanups = null;
            lock (_lock)
            {
                if (--_running == 0)
                {
                    cleanups = new List<Action>(_afterLastWork);
                    _afterLastWork.Clear();
                }
            }
            // Wake the pipeline thread first: the cleanups may free the engine itself.
            SignalQuietly();
            if (cleanups == null) return;
            try
            {
                // Before idle is signalled, so that a Stop() that returns has seen the journal released.
                foreach (Action cleanup in cleanups) cleanup();
            }
            finally
            {
                try
                {
                    _idle.Set();
                }
                catch (ObjectDisposedException)
                {
                    // A cleanup disposed the engine: nobody waits for idle any more.
                }
            }
        }

        private void SignalQuietly()
        {
            try
            {
                _bell.Set();
            }
            catch (ObjectDisposedException)
            {
                // Disposed after the last worker: nobody is waiting any more.
            }
        }

        private sealed class Work
        {
            public Work(TItem item) => Item = item;

            public TItem Item { get; set; }

            public Action? Report { get; set; }

            public bool IsDone
            {
                get => Volatile.Read(ref _isDone);
                set => Volatile.Write(ref _isDone, value);
            }

            private bool _isDone;
        }
    }
}
