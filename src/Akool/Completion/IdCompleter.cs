using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Akool.Completion
{
    /// <summary>Completes -Id with ids this session has seen, newest first, showing their Names.</summary>
    internal abstract class IdCompleter : IArgumentCompleter
    {
        private readonly SeenIds _seen;

        protected IdCompleter(SeenIds seen) => _seen = seen;

        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string prefix = Quoting.Unquote(wordToComplete);
            return _seen.NewestFirst()
                .Where(v => v.Id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(v => new CompletionResult(Quoting.Quote(v.Id), string.IsNullOrEmpty(v.Name) ? v.Id : $"{v.Id} ({v.Name})", CompletionResultType.ParameterValue, v.Name ?? v.Id));
        }
    }

    /// <summary>Completes the video cmdlets' -Id with the videos this session has created or read.</summary>
    internal sealed class VideoIdCompleter : IdCompleter
    {
        public VideoIdCompleter()
            : base(SeenVideos.Ids)
        {
        }
    }

    /// <summary>Completes Save-AkoolSpeech -Id with the speeches this session has created or saved.</summary>
    internal sealed class SpeechIdCompleter : IdCompleter
    {
        public SpeechIdCompleter()
            : base(SeenSpeeches.Ids)
        {
        }
    }
}
