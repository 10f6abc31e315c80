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
    /// <summary>A cmdlet that does network work on other threads through the one engine (<see cref="BackgroundWork{TItem}"/>).</summary>
    public abstract class AsyncPipelineCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly List<IDisposable> _engines = new List<IDisposable>();

        internal CancellationToken StopToken => _stopping.Token;

        /// <inheritdoc />
        protected override void StopProcessing() => _stopping.Cancel();

        internal BackgroundWork<TItem> StartEngine<TItem>(Func<TItem, WorkContext, Task<Step<TItem>>> worker, int throttle, ReportOrder order, TimeSpan grace = default)
        {
            // Wrapped only when traced: the wrapper costs every item of a long batch an allocation that lives as long as it.
            Func<TItem, WorkContext, Task<Step<TItem>>> run = Tracing ? (item, context) => Traced(true, context, c => worker(item, c)) : worker;
            var engine = new BackgroundWork<TItem>(run, throttle, order, grace, StopToken, WriteVerbose);
            _engines.Add(engine);
            return engine;
        }

        // Blocks the pipeline thread as WebCmdlet does; Ctrl+C cancels it at once. Its verbose lines are written when it
        // ends, here, where that is allowed.
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

        // -Debug, else $DebugPreference: the HTTP trace is built only when it is shown.
        internal bool Tracing => MyInvocation.BoundParameters.TryGetValue("Debug", out object? debug)
            ? ((SwitchParameter)debug).IsPresent
            : !(GetVariableValue("DebugPreference") is ActionPreference.SilentlyContinue);

        // The call's HTTP trace is posted as debug lines, the way its verbose lines are. Set in this async method, the
        // sink flows into the call (and any token fetch it makes) and ends with it.
        private async Task<T> Traced<T>(bool tracing, WorkContext context, Func<WorkContext, Task<T>> call)
        {
            if (tracing) HttpTrace.Sink.Value = line => context.Post(() => WriteDebug(line));
            return await call(context).ConfigureAwait(false);
        }

        internal void WriteVideo(AkoolVideo video)
        {
            Completion.SeenIds.Videos.Remember(video.Id, video.Name);
            WriteObject(video);
        }

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

        internal void WriteFailure(Exception exception, string subject, object? target)
        {
            if (exception is OperationCanceledException && StopToken.IsCancellationRequested) throw new PipelineStoppedException();
            WriteError(ErrorClassifier.From(exception, subject, target));
        }

        /// <summary>Cancels whatever background work is left (the engine disposes a cmdlet without stopping it when the pipeline fails elsewhere), then disposes the engines and the cancellation source.</summary>
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
