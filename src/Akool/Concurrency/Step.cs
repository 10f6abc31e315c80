using System;
using System.Threading;
using System.Threading.Tasks;

namespace Akool.Concurrency
{
    internal readonly struct Step<TItem>
    {
        private Step(Action reporting) => Reporting = reporting;

        public static Step<TItem> Nothing => default;

        public Action? Reporting { get; }

        public static Step<TItem> Report(Action report) => new Step<TItem>(report);
    }

    internal sealed class WorkContext
    {
        private readonly Action<Action> _post;
        private readonly Func<TimeSpan, Task>? _pause;

        public WorkContext(Action<Action> post, Action<string>? log, CancellationToken cancellation, CancellationToken graceCancellation, Func<TimeSpan, Task>? pause = null)
        {
            Cancellation = cancellation;
            GraceCancellation = graceCancellation;
            _post = post;
            _pause = pause;
            Log = message => _post(() => log?.Invoke(message));
        }

        public CancellationToken Cancellation { get; }

        public CancellationToken GraceCancellation { get; }

        public Action<string> Log { get; }

        public void Post(Action report) => _post(report);

        public Task PauseAsync(TimeSpan delay) => _pause != null ? _pause(delay) : Task.Delay(delay, Cancellation);
    }
}
