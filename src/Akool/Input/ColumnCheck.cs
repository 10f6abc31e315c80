using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Akool.Errors;
using Akool.Models;

namespace Akool.Input
{
    // Judged once per set of columns, so a file read with the wrong delimiter or a misspelled column is one clear error,
    // not an "is empty" error on each of 500 rows. The names accepted are read from the cmdlet's own parameter
    // metadata, so they cannot drift from the binding. needs: what every row must give, each as parameters that do (any
    // one of them; "Text+Voice" needs both); given on the command line counts as given.
    internal sealed class ColumnCheck(params string[][] needs)
    {
        // Each set of columns seen: null when its rows may go on, else the row whose error said why they may not.
        private readonly Dictionary<string, int?> _verdicts = new Dictionary<string, int?>(StringComparer.Ordinal);

        public bool Skips(PSCmdlet cmdlet, PSObject? piped, int row, Action<ErrorRecord> refuse)
        {
            if (piped == null) return false;
            string[] columns = piped.Properties.Select(p => p.Name).ToArray();
            string key = string.Join("\u001f", columns);
            if (_verdicts.TryGetValue(key, out int? refusedAt))
            {
                if (refusedAt != null) cmdlet.WriteVerbose($"Row {row}: skipped, it has the same columns as row {refusedAt} (see its error); nothing was sent for it.");
                return refusedAt != null;
            }

            // The parameters bound now are those typed and those this row's columns bound.
            IDictionary<string, object> bound = cmdlet.MyInvocation.BoundParameters;
            string[] missing = needs.Where(need => !need.Any(option => option.Split('+').All(bound.ContainsKey))).Select(Describe).ToArray();
            _verdicts[key] = missing.Length == 0 ? (int?)null : row;
            if (missing.Length == 0) return false;

            string command = cmdlet.MyInvocation.MyCommand.Name;
            List<ParameterMetadata> accepted = cmdlet.MyInvocation.MyCommand.Parameters.Values
                .Where(p => p.ParameterSets.Values.Any(s => s.ValueFromPipelineByPropertyName)).ToList();
            var known = new HashSet<string>(accepted.SelectMany(p => p.Aliases.Prepend(p.Name)), StringComparer.OrdinalIgnoreCase);
            string[] unknown = columns.Where(c => !known.Contains(c)).ToArray();
            bool semicolons = columns.Any(c => c.Contains(";"));

            string found = columns.Length == 0 ? "has no columns" : $"has the column{(columns.Length == 1 ? string.Empty : "s")} {Quote(columns)}";
            string strangers = unknown.Length == 0 ? string.Empty
                : unknown.Length == columns.Length ? columns.Length == 1 ? $", which {command} does not know" : $", none of which {command} knows"
                : $", of which {command} does not know {Quote(unknown)}";
            string message = $"Row {row} {found}{strangers}, so it gives no {string.Join(" and no ", missing)}. Nothing was sent for it, and every later row with the same columns is skipped."
                + (semicolons ? " The header holds semicolons: the file is separated by ';', not by Import-Csv's default ','." : string.Empty);
            string names = string.Join(", ", accepted.Select(p => string.Join("/", p.Aliases.Prepend(p.Name))));
            string advice = (semicolons ? "Read the file with Import-Csv -Delimiter ';'. " : string.Empty) + $"Name the columns as {command} accepts them: {names}.";
            refuse(ErrorClassifier.Create(ErrorIds.UnknownColumns, ErrorCategory.InvalidData, piped, message, advice));
            return true;
        }

        private static string Describe(string[] need) =>
            need[0].Replace("+", " with ") + (need.Length == 1 ? string.Empty : $" (or {string.Join(" or ", need.Skip(1).Select(o => o.Replace("+", " with ")))})");

        private static string Quote(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{DisplayText.Escape(n)}'"));
    }
}
