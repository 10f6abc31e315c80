using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text.RegularExpressions;

namespace Akool.Tests.Scripts
{
    /// <summary>The parameters (with their aliases) of the commands a script may call, by command name.</summary>
    internal sealed class CommandCatalog
    {
        private readonly Dictionary<string, List<(string Name, string[] Aliases)>> _commands = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>The module's noun prefix: a command named Verb-Akool* that the catalog lacks does not exist.</summary>
        public static readonly Regex ModuleCommandName = new(@"^[A-Za-z]+-Akool", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        public IEnumerable<string> Names => _commands.Keys;

        public bool Knows(string command) => _commands.ContainsKey(command);

        public IReadOnlyList<(string Name, string[] Aliases)> Parameters(string command) => _commands[command];

        public void Add(string command, IEnumerable<(string Name, string[] Aliases)> parameters) => _commands[command] = parameters.ToList();

        /// <summary>Every command's metadata as PowerShell reports it (Get-Command), common parameters and their aliases included.</summary>
        public static CommandCatalog FromCommands(IEnumerable<CommandInfo> commands)
        {
            var catalog = new CommandCatalog();
            foreach (CommandInfo command in commands)
            {
                catalog.Add(command.Name, command.Parameters.Values.Select(p => (p.Name, p.Aliases.ToArray())));
            }
            return catalog;
        }

        /// <summary>
        /// Resolves <paramref name="given"/> the way the parameter binder does: an exact name or alias, else the one
        /// parameter whose name or alias starts with it. Null when it names nothing; the candidates when ambiguous.
        /// </summary>
        public (string? Parameter, List<string> Candidates) Resolve(string command, string given)
        {
            List<(string Name, string[] Aliases)> parameters = _commands[command];
            var exact = parameters.Where(p => p.Name.Equals(given, StringComparison.OrdinalIgnoreCase) || p.Aliases.Any(a => a.Equals(given, StringComparison.OrdinalIgnoreCase))).ToList();
            if (exact.Count > 0) return (exact[0].Name, new List<string>());
            var prefix = parameters.Where(p => p.Name.StartsWith(given, StringComparison.OrdinalIgnoreCase) || p.Aliases.Any(a => a.StartsWith(given, StringComparison.OrdinalIgnoreCase)))
                .Select(p => p.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            return prefix.Count == 1 ? (prefix[0], new List<string>()) : (null, prefix);
        }
    }

    /// <summary>
    /// Reads a script's syntax tree and reports each call of a catalogued command with a parameter it does not have
    /// (or an ambiguous prefix), and each call of a Verb-Akool* command that does not exist. Splatted arguments
    /// (@params) cannot be checked statically and are left alone.
    /// </summary>
    internal static class CommandUsage
    {
        public static List<string> Check(string source, string script, CommandCatalog catalog)
        {
            ScriptBlockAst ast = Parser.ParseInput(script, out _, out ParseError[] errors);
            var problems = errors.Select(e => $"{source} line {e.Extent.StartLineNumber}: does not parse: {e.Message}").ToList();
            problems.AddRange(Check(source, ast, catalog));
            return problems;
        }

        public static List<string> CheckFile(string path, string source, CommandCatalog catalog) => Check(source, File.ReadAllText(path), catalog);

        public static IEnumerable<string> Check(string source, Ast ast, CommandCatalog catalog)
        {
            // A function the script defines itself is its own business, even when named like a module command.
            var defined = new HashSet<string>(ast.FindAll(a => a is FunctionDefinitionAst, true).Cast<FunctionDefinitionAst>().Select(f => f.Name), StringComparer.OrdinalIgnoreCase);
            foreach (CommandAst call in ast.FindAll(a => a is CommandAst, searchNestedScriptBlocks: true).Cast<CommandAst>())
            {
                string? name = call.GetCommandName();
                if (name == null || defined.Contains(name)) continue;
                int line = call.Extent.StartLineNumber;
                if (!catalog.Knows(name))
                {
                    if (CommandCatalog.ModuleCommandName.IsMatch(name)) yield return $"{source} line {line}: {name} is not a command of the module";
                    continue;
                }
                foreach (CommandParameterAst parameter in call.CommandElements.OfType<CommandParameterAst>())
                {
                    (string? resolved, List<string> candidates) = catalog.Resolve(name, parameter.ParameterName);
                    if (resolved != null) continue;
                    yield return candidates.Count == 0
                        ? $"{source} line {line}: {name} has no parameter -{parameter.ParameterName}"
                        : $"{source} line {line}: {name} -{parameter.ParameterName} is ambiguous ({string.Join(", ", candidates)})";
                }
            }
        }

        /// <summary>The ```powershell blocks of a markdown file, with the line each starts on.</summary>
        public static List<(int Line, string Code)> PowerShellBlocks(string path)
        {
            var blocks = new List<(int, string)>();
            string[] lines = File.ReadAllLines(path);
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].Trim() != "```powershell") continue;
                int start = i + 1;
                int end = start;
                while (end < lines.Length && !lines[end].StartsWith("```", StringComparison.Ordinal)) end++;
                blocks.Add((start + 1, string.Join("\n", lines.Skip(start).Take(end - start))));
                i = end;
            }
            return blocks;
        }
    }

    /// <summary>
    /// Pester 5's commands that tests/Pester uses, with their parameters, as documented for Pester 5.x
    /// (https://pester.dev/docs/v5/commands/...). Pester is not installed here, so this small list stands in for
    /// Get-Command; it is only as good as it is kept. Should's operators are its parameters (it is one command with
    /// dynamic parameters per operator); the common parameters are added to each.
    /// </summary>
    internal static class Pester5
    {
        private static readonly string[] Block = { "Name", "Fixture", "Tag", "Skip", "ForEach", "AllowNullOrEmptyForEach" };

        private static readonly Dictionary<string, (string Name, string[] Aliases)[]> Commands = new(StringComparer.OrdinalIgnoreCase)
        {
            ["Describe"] = Block.Select(p => (p, Array.Empty<string>())).ToArray(),
            ["Context"] = Block.Select(p => (p, Array.Empty<string>())).ToArray(),
            ["It"] = new[] { ("Name", Array.Empty<string>()), ("Test", Array.Empty<string>()), ("ForEach", new[] { "TestCases" }), ("Tag", Array.Empty<string>()), ("Skip", Array.Empty<string>()), ("AllowNullOrEmptyForEach", Array.Empty<string>()) },
            ["BeforeAll"] = new[] { ("Scriptblock", Array.Empty<string>()) },
            ["AfterAll"] = new[] { ("Scriptblock", Array.Empty<string>()) },
            ["BeforeEach"] = new[] { ("Scriptblock", Array.Empty<string>()) },
            ["AfterEach"] = new[] { ("Scriptblock", Array.Empty<string>()) },
            ["BeforeDiscovery"] = new[] { ("ScriptBlock", Array.Empty<string>()) },
            ["Set-ItResult"] = new[] { ("Inconclusive", Array.Empty<string>()), ("Pending", Array.Empty<string>()), ("Skipped", Array.Empty<string>()), ("Because", Array.Empty<string>()) },
            ["Should"] = new[]
            {
                "ActualValue", "Not", "Because", "ExpectedValue", "Be", "BeExactly", "BeGreaterThan", "BeLessThan", "BeGreaterOrEqual",
                "BeLessOrEqual", "BeIn", "BeLike", "BeLikeExactly", "BeNullOrEmpty", "BeOfType", "ExpectedType", "BeTrue", "BeFalse",
                "Contain", "Exist", "FileContentMatch", "FileContentMatchExactly", "FileContentMatchMultiline", "ExpectedContent",
                "HaveCount", "HaveParameter", "ParameterName", "Type", "DefaultValue", "Mandatory", "Alias", "Match", "MatchExactly",
                "RegularExpression", "Throw", "ExpectedMessage", "ErrorId", "ExceptionType", "PassThru",
            }.Select(p => (p, Array.Empty<string>())).ToArray(),
            ["Invoke-Pester"] = new[] { "Path", "ExcludePath", "TagFilter", "ExcludeTagFilter", "FullNameFilter", "CI", "Output", "PassThru", "Container", "Configuration" }
                .Select(p => (p, Array.Empty<string>())).ToArray(),
        };

        /// <summary>Adds the Pester commands to <paramref name="catalog"/>, each with <paramref name="common"/> (the common parameters and their aliases).</summary>
        public static void AddTo(CommandCatalog catalog, IEnumerable<(string Name, string[] Aliases)> common)
        {
            var commonList = common.ToList();
            foreach (KeyValuePair<string, (string Name, string[] Aliases)[]> command in Commands)
            {
                catalog.Add(command.Key, command.Value.Concat(commonList));
            }
        }
    }
}
