using System;
using System.Collections.Concurrent;
using System.Threading;

namespace Akool
{
    /// <summary>
    /// The way back to the pipeline thread. Worker tasks post what they have to report (an object to write, an
    /// error, a verbose line) as actions; the cmdlet runs them on the pipeline thread, the only thread on which
    /// PowerShell allows <c>Write*</c> calls, between records and while it waits in <c>EndProcessing</c>.
    /// </summary>
    internal sealed class PipelineMailbox : IDisposable
    {
        private readonly ConcurrentQueue<Action> _pending = new ConcurrentQueue<Action>();
        private readonly SemaphoreSlim _signal = new SemaphoreSlim(0);

        /// <summary>Queues an action; callable from any thread.</summary>
        public void Post(Action action)
        {
            _pending.Enqueue(action);
            _signal.Release();
        }

        /// <summary>Wakes a waiting <see cref="WaitAndRun"/> without posting anything (for example when work finished).</summary>
        public void Wake() => _signal.Release();

        /// <summary>Runs everything queued so far; call only on the pipeline thread.</summary>
        public void RunPending()
        {
            while (_pending.TryDequeue(out Action? action)) action();
        }

        /// <summary>
        /// Waits up to <paramref name="timeout"/> for a post or a wake, then runs what is queued. Throws
        /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires (Ctrl+C).
        /// </summary>
        public void WaitAndRun(TimeSpan timeout, CancellationToken cancellationToken)
        {
            _signal.Wait(timeout, cancellationToken);
            RunPending();
        }

        /// <inheritdoc />
        public void Dispose() => _signal.Dispose();
    }
}
