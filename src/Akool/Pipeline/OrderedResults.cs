using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Akool
{
    /// <summary>
    /// Work started in input order that finishes in any order, reported in input order: each item is a task that
    /// yields the action to run on the pipeline thread (write the object, or the error). Only the finished prefix
    /// is reported, so output order matches input order whatever the network does.
    /// </summary>
    internal sealed class OrderedResults
    {
        private readonly Queue<Task<Action>> _queue = new Queue<Task<Action>>();

        /// <summary>Items started and not yet finished.</summary>
        public int Running => _queue.Count(t => !t.IsCompleted);

        /// <summary>Every task not yet reported (for waiting on a stop).</summary>
        public Task[] Pending => _queue.Cast<Task>().ToArray();

        public bool IsEmpty => _queue.Count == 0;

        public void Add(Task<Action> item) => _queue.Enqueue(item);

        /// <summary>Adds an item whose result is already known (for example a validation error).</summary>
        public void AddDone(Action report) => _queue.Enqueue(Task.FromResult(report));

        /// <summary>Runs the reports of the finished prefix; call on the pipeline thread.</summary>
        public void ReportFinishedPrefix()
        {
            while (_queue.Count > 0 && _queue.Peek().IsCompleted)
            {
                _queue.Dequeue().GetAwaiter().GetResult()();
            }
        }

        /// <summary>Blocks until any running item finishes, or <paramref name="timeout"/> passes, or Ctrl+C.</summary>
        public void WaitForAny(TimeSpan timeout, CancellationToken cancellationToken)
        {
            Task[] running = _queue.Where(t => !t.IsCompleted).Cast<Task>().ToArray();
            if (running.Length == 0) return;
            Task.WaitAny(running, (int)timeout.TotalMilliseconds, cancellationToken);
        }
    }
}
