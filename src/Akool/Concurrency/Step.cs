using System;
using System.Threading;
using System.Threading.Tasks;

namespace Akool.Concurrency
{
    /// <summary>What a worker returns: a report for the pipeline thread, or nothing (stopped before the work was sent).</summary>
    internal readonly struct Step<TItem>
    {
        private Step(Action reporting) => Reporting = reporting;

        /// <summary>Nothing to report (stopped before the work was sent).</summary>
        public static Step<TItem> Nothing => default;

        /// <summary>The final report, run on the pipeline thread in its turn.</summary>
        public Action? Reporting { get; }

        /// <summary>Finished; <paramref name="report"/> runs on the pipeline thread in its turn.</summary>
        public static Step<TItem> Report(Action report) => new Step<TItem>(report);
    }

    /// <summary>What every worker gets from the engine.</summary>
    internal sealed class WorkContext
    {
        private readonly Action<Action> _post;
        private readonly Func<TimeSpan, Task>? _pause;

        /// <param name="post">Queues an action for the pipeline thread.</param>
        /// <param name="log">Where verbose lines go on the pipeline thread (the cmdlet's WriteVerbose).</param>
        /// <param name="cancellation">See <see cref="Cancellation"/>.</param>
        /// <param name="graceCancellation">See <see cref="GraceCancellation"/>.</param>
        /// <param name="pause">How the engine pauses a worker; none: a plain delay.</param>
        public WorkContext(Action<Action> post, Action<string>? log, CancellationToken cancellation, CancellationToken graceCancellation, Func<TimeSpan, Task>? pause = null)
        {
            Cancellation = cancellation;
            GraceCancellation = graceCancellation;
            _post = post;
            _pause = pause;
            Log = message => _post(() => log?.Invoke(message));
        }

        /// <summary>Fires at once on Ctrl+C, an early end or disposal: for reads, downloads and work not yet sent.</summary>
        public CancellationToken Cancellation { get; }

        /// <summary>Fires a grace period after a stop: for work that may already have been billed.</summary>
        public CancellationToken GraceCancellation { get; }

        /// <summary>A verbose line from any thread, written on the pipeline thread.</summary>
        public Action<string> Log { get; }

        /// <summary>Posts a report for the pipeline thread now (a warning), from any thread.</summary>
        public void Post(Action report) => _post(report);

        /// <summary>
        /// The one way a worker waits (a poll interval): gives its slot to other work for <paramref name="delay"/>,
        /// then takes its turn again; a stop ends it at once (<see cref="OperationCanceledException"/>).
        /// </summary>
        public Task PauseAsync(TimeSpan delay) => _pause != null ? _pause(delay) : Task.Delay(delay, Cancellation);
    }
}
