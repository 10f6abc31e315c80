using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Akool.Completion
{
    internal abstract class IdCompleter : IArgumentCompleter
    {
        private readonly SeenIds _seen;

        protected IdCompleter(SeenIds seen) => _seen = seen;

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string prefix = Quoting.Unquote(wordToComplete);
            return _seen.NewestFirst()
                .Where(v => v.Id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(v => new CompletionResult(Quoting.Quote(v.Id), string.IsNullOrEmpty(v.Name) ? v.Id : $"{v.Id} ({v.Name})", CompletionResultType.ParameterValue, v.Name ?? v.Id));
        }
    }

    internal sealed class VideoIdCompleter : IdCompleter
    {
        public VideoIdCompleter()
            : base(SeenIds.Videos)
        {
        }
    }

    internal sealed class SpeechIdCompleter : IdCompleter
    {
        public SpeechIdCompleter()
            : base(SeenIds.Speeches)
        {
        }
    }
}
