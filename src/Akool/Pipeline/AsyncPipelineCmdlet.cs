using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace Akool
{
    /// <summary>
    /// A cmdlet that does network work on other threads: it owns the invocation's cancellation (fired by Ctrl+C)
    /// and the mailbox back to the pipeline thread, and waits without ever blocking Ctrl+C.
    /// </summary>
    public abstract class AsyncPipelineCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        /// <summary>Fires when the user presses Ctrl+C (or the host stops the pipeline).</summary>
        internal CancellationToken StopToken => _stopping.Token;

        /// <summary>The way back to the pipeline thread for worker tasks.</summary>
        internal PipelineMailbox Mailbox { get; } = new PipelineMailbox();

        /// <summary>
        /// A log callback for the client that any thread may call: the line is posted to the mailbox and
        /// written as verbose output on the pipeline thread.
        /// </summary>
        internal Action<string> ClientLog => message => Mailbox.Post(() => WriteVerbose(message));

        /// <inheritdoc />
        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>Cancels the work not yet started or still cancellable, as Ctrl+C would; for a cmdlet ending early.</summary>
        internal void CancelBackgroundWork() => _stopping.Cancel();

        /// <summary>
        /// Waits on the pipeline thread for <paramref name="task"/>, running mailbox posts meanwhile, and stops at
        /// once on Ctrl+C.
        /// </summary>
        internal T Await<T>(Task<T> task)
        {
            while (!task.IsCompleted)
            {
                WaitForMail(TimeSpan.FromMilliseconds(100));
            }
            Mailbox.RunPending();
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>Waits up to <paramref name="timeout"/> for mail and runs it; turns Ctrl+C into a pipeline stop.</summary>
        internal void WaitForMail(TimeSpan timeout)
        {
            try
            {
                Mailbox.WaitAndRun(timeout, StopToken);
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>Writes a non-terminating error for <paramref name="exception"/> about <paramref name="subject"/>.</summary>
        internal void WriteFailure(Exception exception, string subject, object? target)
        {
            if (exception is OperationCanceledException && StopToken.IsCancellationRequested) throw new PipelineStoppedException();
            WriteError(ApiErrors.From(exception, subject, target));
        }

        /// <summary>
        /// Cancels whatever background work is left (the engine disposes a cmdlet without stopping it when the
        /// pipeline fails elsewhere), then disposes the cancellation source and mailbox.
        /// </summary>
        public void Dispose()
        {
            Dispose(disposing: true);
            GC.SuppressFinalize(this);
        }

        /// <summary>Derived cmdlets release what they own here, then call the base.</summary>
        protected virtual void Dispose(bool disposing)
        {
            if (!disposing) return;
            _stopping.Cancel();
            _stopping.Dispose();
            Mailbox.Dispose();
        }
    }
}
