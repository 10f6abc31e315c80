using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Akool.Completion
{
    /// <summary>Completes -Id with the ids of videos this session has created or read, showing their Names.</summary>
    internal sealed class VideoIdCompleter : IArgumentCompleter
    {
        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string prefix = wordToComplete.Trim('\'', '"');
            return SeenVideos.NewestFirst()
                .Where(v => v.Id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(v => new CompletionResult(v.Id, string.IsNullOrEmpty(v.Name) ? v.Id : $"{v.Id} ({v.Name})", CompletionResultType.ParameterValue, v.Name ?? v.Id));
        }
    }
}
