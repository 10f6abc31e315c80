using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Akool.Completion
{
    internal sealed class ResolutionCompleter : IArgumentCompleter
    {
        private static readonly string[] Values = { "720", "1080" };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Values.Where(v => v.StartsWith(Quoting.Unquote(wordToComplete), System.StringComparison.Ordinal))
                  .Select(v => new CompletionResult(v, v, CompletionResultType.ParameterValue, v + " pixels high"));
    }
}
