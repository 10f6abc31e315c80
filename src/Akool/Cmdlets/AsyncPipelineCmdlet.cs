using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Concurrency;
using Akool.Errors;

namespace Akool
{
    /// <summary>
    /// A cmdlet that does network work on other threads through the one engine (<see cref="BackgroundWork{TItem}"/>):
    /// it owns the invocation's cancellation (fired by Ctrl+C) and the engines it starts, and disposes them.
    /// </summary>
    public abstract class AsyncPipelineCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly List<IDisposable> _engines = new List<IDisposable>();

        /// <summary>Fires when the user presses Ctrl+C (or the host stops the pipeline).</summary>
        internal CancellationToken StopToken => _stopping.Token;

        /// <inheritdoc />
        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>
        /// Creates the engine for this invocation's work items; the cmdlet disposes it. Worker log lines become
        /// verbose output on the pipeline thread, their HTTP trace debug output.
        /// </summary>
        internal BackgroundWork<TItem> StartEngine<TItem>(Func<TItem, WorkContext, Task<Step<TItem>>> worker, int throttle, ReportOrder order, TimeSpan grace = default)
        {
            bool tracing = Tracing;
            var engine = new BackgroundWork<TItem>((item, context) => Traced(tracing, context, c => worker(item, c)), throttle, order, grace, StopToken, WriteVerbose);
            _engines.Add(engine);
            return engine;
        }

        /// <summary>
        /// Makes one call and blocks the pipeline thread until it ends, as WebCmdlet does: Ctrl+C cancels it at once
        /// (<see cref="PipelineStoppedException"/>). Its verbose lines (retries) are written when it has ended, here
        /// on the pipeline thread where they are allowed.
        /// </summary>
        internal T RunOne<T>(Func<WorkContext, Task<T>> call)
        {
            var lines = new ConcurrentQueue<Action>();
            var context = new WorkContext(lines.Enqueue, WriteVerbose, StopToken, StopToken);
            try
            {
                return Traced(Tracing, context, call).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            finally
            {
                if (!StopToken.IsCancellationRequested)
                {
                    while (lines.TryDequeue(out Action? line)) line();
                }
            }
        }

        /// <summary>Whether debug output is shown (-Debug, else $DebugPreference): the HTTP trace is built only then.</summary>
        private bool Tracing => MyInvocation.BoundParameters.TryGetValue("Debug", out object? debug)
            ? ((SwitchParameter)debug).IsPresent
            : !(GetVariableValue("DebugPreference") is ActionPreference.SilentlyContinue);

        /// <summary>
        /// Runs <paramref name="call"/> with its HTTP trace posted as debug lines, the way its verbose lines are. Set in
        /// this async method, the sink flows into the call (and any token fetch it makes) and ends with it.
        /// </summary>
        private async Task<T> Traced<T>(bool tracing, WorkContext context, Func<WorkContext, Task<T>> call)
        {
            if (tracing) HttpTrace.Sink.Value = line => context.Post(() => WriteDebug(line));
            return await call(context).ConfigureAwait(false);
        }

        /// <summary>Writes a video to the pipeline and remembers it for Tab completion of -Id (pipeline thread).</summary>
        internal void WriteVideo(AkoolVideo video)
        {
            Completion.SeenVideos.Remember(video);
            WriteObject(video);
        }

        /// <summary>A warning that must be seen even after Ctrl+C, when the pipeline refuses it: then the host shows it.</summary>
        internal void WarnEvenIfStopping(string warning)
        {
            try
            {
                WriteWarning(warning);
            }
            catch (PipelineStoppedException)
            {
                try
                {
                    Host?.UI?.WriteWarningLine(warning);
                }
                catch (Exception ex) when (ex is PipelineStoppedException || ex is NotImplementedException || ex is InvalidOperationException)
                {
                    // A host without a UI: the journal (if any) is all that is left.
                }
            }
        }

        /// <summary>Writes a non-terminating error for <paramref name="exception"/> about <paramref name="subject"/>.</summary>
        internal void WriteFailure(Exception exception, string subject, object? target)
        {
            if (exception is OperationCanceledException && StopToken.IsCancellationRequested) throw new PipelineStoppedException();
            WriteError(ErrorClassifier.From(exception, subject, target));
        }

        /// <summary>
        /// Cancels whatever background work is left (the engine disposes a cmdlet without stopping it when the
        /// pipeline fails elsewhere), then disposes the engines and the cancellation source.
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
            foreach (IDisposable engine in _engines) engine.Dispose();
            _engines.Clear();
            _stopping.Dispose();
        }
    }
}
