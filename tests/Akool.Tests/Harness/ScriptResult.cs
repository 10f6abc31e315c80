using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace Akool.Tests.Harness
{
    /// <summary>Everything one script wrote, stream by stream.</summary>
    public sealed class ScriptResult
    {
        public ScriptResult(IReadOnlyList<PSObject> output, PSDataStreams streams, bool hadTerminatingError, RuntimeException? terminatingError)
        {
            Output = output;
            Errors = streams.Error.ToList();
            Warnings = streams.Warning.Select(w => w.Message).ToList();
            Verbose = streams.Verbose.Select(v => v.Message).ToList();
            Debug = streams.Debug.Select(d => d.Message).ToList();
            Progress = streams.Progress.ToList();
            Information = streams.Information.Select(i => i.MessageData?.ToString() ?? string.Empty).ToList();
            TerminatingError = terminatingError;
            if (terminatingError != null && !Errors.Contains(terminatingError.ErrorRecord)) Errors.Add(terminatingError.ErrorRecord);
            // Every error any test provokes says its advice once, in its message (see AdviceSaidOnce).
            foreach (ErrorRecord error in Errors) AdviceSaidOnce(error);
        }

        /// <summary>
        /// Throws when one of the module's errors sets RecommendedAction: its advice is in the message, where every
        /// view and $_.Exception.Message show it, and ConciseView would say a RecommendedAction a second time.
        /// </summary>
        public static void AdviceSaidOnce(ErrorRecord error)
        {
            if (error.FullyQualifiedErrorId.StartsWith("Akool", System.StringComparison.Ordinal) && !string.IsNullOrEmpty(error.ErrorDetails?.RecommendedAction))
            {
                throw new Xunit.Sdk.XunitException($"{error.FullyQualifiedErrorId}: sets RecommendedAction '{error.ErrorDetails!.RecommendedAction}', which ConciseView shows after the message that already says it.");
            }
        }

        public IReadOnlyList<PSObject> Output { get; }
        public List<ErrorRecord> Errors { get; }
        public IReadOnlyList<string> Warnings { get; }
        public IReadOnlyList<string> Verbose { get; }
        public IReadOnlyList<string> Debug { get; }
        public IReadOnlyList<ProgressRecord> Progress { get; }
        public IReadOnlyList<string> Information { get; }

        /// <summary>The exception that ended the script, if one did.</summary>
        public RuntimeException? TerminatingError { get; }

        /// <summary>The base objects of the output, of type <typeparamref name="T"/>.</summary>
        public List<T> OutputOf<T>() => Output.Select(o => o.BaseObject).OfType<T>().ToList();

        /// <summary>The first part of each error's FullyQualifiedErrorId (the stable id, without the command name).</summary>
        public List<string> ErrorIds => Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).ToList();

        /// <summary>Every piece of text the script produced on any stream, for leak checks.</summary>
        public string AllText()
        {
            IEnumerable<string> texts = Output.Select(o => o?.ToString() ?? string.Empty)
                .Concat(Errors.SelectMany(e => new[] { e.ToString(), e.ErrorDetails?.Message ?? string.Empty, e.Exception?.ToString() ?? string.Empty, e.TargetObject?.ToString() ?? string.Empty }))
                .Concat(Warnings).Concat(Verbose).Concat(Debug).Concat(Information)
                .Concat(Progress.SelectMany(p => new[] { p.Activity, p.StatusDescription, p.CurrentOperation ?? string.Empty }));
            return string.Join("\n", texts);
        }
    }
}
