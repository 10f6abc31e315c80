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
            string prefix = wordToComplete.Trim('\'', '"');
            return _seen.NewestFirst()
                .Where(v => v.Id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(v => new CompletionResult(Quoted(v.Id), string.IsNullOrEmpty(v.Name) ? v.Id : $"{v.Id} ({v.Name})", CompletionResultType.ParameterValue, v.Name ?? v.Id));
        }

        /// <summary>
        /// The id as it can be typed: bare when it is letters, digits, '-', '_' and '.', else in single quotes. Akool's
        /// ids are hex today, but the contract promises no shape, and ';' or '$' must not become code on the line.
        /// </summary>
        internal static string Quoted(string id)
        {
            foreach (char c in id)
            {
                if (!(char.IsLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) return "'" + EscapeSingleQuotes(id) + "'";
            }
            return id;
        }

        // PowerShell ends a single-quoted string at any of its single-quote characters, the typographic ones too.
        private static string EscapeSingleQuotes(string text)
        {
            var escaped = new System.Text.StringBuilder(text.Length + 2);
            foreach (char c in text)
            {
                if (c == '\'' || c == '\u2018' || c == '\u2019' || c == '\u201A' || c == '\u201B') escaped.Append(c);
                escaped.Append(c);
            }
            return escaped.ToString();
        }
    }
}
