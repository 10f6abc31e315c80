using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Akool.HelpBuilder;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Docs
{
    /// <summary>
    /// The platyPS pages in docs/en-US against the module as PowerShell loads it (Get-Command -Module Akool): a
    /// renamed parameter, a new alias, a set or a pipeline binding that changed, a cmdlet without a page or a page
    /// without a cmdlet all fail here, with one line per difference. Common parameters are not compared.
    /// </summary>
    public sealed class DocsDriftTests
    {
        private static readonly string DocsFolder = Path.Combine(RepositoryPaths.Root, "docs", "en-US");

        private static readonly string[] RequiredSections =
            { "SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS" };

        private static List<CmdletInfo> LoadCmdlets()
        {
            using PowerShellSession shell = PowerShellSession.Start();
            ScriptResult result = shell.Run("Get-Command -Module Akool");
            Assert.Empty(result.Errors);
            return result.Output.Select(o => o.BaseObject).OfType<CmdletInfo>().OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        }

        private static List<HelpPage> LoadPages() =>
            Directory.GetFiles(DocsFolder, "*.md")
                .Where(p => !Path.GetFileName(p).StartsWith("about_", StringComparison.OrdinalIgnoreCase))
                .OrderBy(p => p, StringComparer.Ordinal)
                .Select(p => new HelpPage(p))
                .ToList();

        [Fact]
        public void EveryCmdletHasAPageAndEveryPageACmdlet()
        {
            var cmdlets = LoadCmdlets().Select(c => c.Name).ToList();
            var pages = LoadPages().Select(p => Path.GetFileNameWithoutExtension(p.FileName)).ToList();

            Assert.Equal(12, cmdlets.Count);
            var problems = cmdlets.Except(pages).Select(c => $"{c} has no page docs/en-US/{c}.md")
                .Concat(pages.Except(cmdlets).Select(p => $"docs/en-US/{p}.md documents no exported cmdlet"))
                .ToList();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void PagesMatchTheModuleMetadata()
        {
            var pages = LoadPages().ToDictionary(p => Path.GetFileNameWithoutExtension(p.FileName), StringComparer.Ordinal);
            var problems = new List<string>();
            foreach (CmdletInfo cmdlet in LoadCmdlets())
            {
                if (pages.TryGetValue(cmdlet.Name, out HelpPage? page)) problems.AddRange(Compare(cmdlet, page).Select(p => $"{page.FileName}: {p}"));
            }
            Assert.True(problems.Count == 0, "The help pages differ from the module:\n" + string.Join("\n", problems));
        }

        [Fact]
        public void PagesHaveThePlatyPsSchema()
        {
            var problems = new List<string>();
            foreach (HelpPage page in LoadPages())
            {
                string name = Path.GetFileNameWithoutExtension(page.FileName);
                void Expect(bool ok, string what)
                {
                    if (!ok) problems.Add($"{page.FileName}: {what}");
                }

                Expect(page.FrontMatter.TryGetValue("external help file", out string? help) && help == "Akool.dll-Help.xml", "front matter 'external help file: Akool.dll-Help.xml'");
                Expect(page.FrontMatter.TryGetValue("Module Name", out string? module) && module == "Akool", "front matter 'Module Name: Akool'");
                Expect(page.FrontMatter.ContainsKey("online version"), "front matter 'online version:'");
                Expect(page.FrontMatter.TryGetValue("schema", out string? schema) && schema == "2.0.0", "front matter 'schema: 2.0.0'");
                Expect(page.Title == name, $"title '# {name}'");
                Expect(page.SectionNames.SequenceEqual(RequiredSections), "sections " + string.Join(", ", RequiredSections) + " in that order, found " + string.Join(", ", page.SectionNames));
                Expect(page.Section("SYNOPSIS").Any(l => l.Trim().Length > 0 && !l.Contains("{{", StringComparison.Ordinal)), "a synopsis");
                Expect(page.Section("DESCRIPTION").Any(l => l.Trim().Length > 0 && !l.Contains("{{", StringComparison.Ordinal)), "a description");
                Expect(page.HasCommonParameters, "### CommonParameters under PARAMETERS");
                Expect(!File.ReadAllText(page.Path).Contains("{{", StringComparison.Ordinal), "no platyPS {{ placeholders }} left");
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void EachPageHasTwoExamplesThatParseAndOneThatPipesIntoAnAkoolCmdlet()
        {
            var cmdletNames = LoadCmdlets().Select(c => c.Name).ToList();
            var problems = new List<string>();
            foreach (HelpPage page in LoadPages())
            {
                if (page.Examples.Count < 2) problems.Add($"{page.FileName}: {page.Examples.Count} example(s); at least 2 wanted");
                foreach ((string title, string code, string prose) in page.Examples)
                {
                    if (code.Trim().Length == 0) problems.Add($"{page.FileName}: '{title}' has no ```powershell block");
                    if (prose.Length == 0) problems.Add($"{page.FileName}: '{title}' has no text saying what it does");
                    Parser.ParseInput(code, out _, out ParseError[] errors);
                    problems.AddRange(errors.Select(e => $"{page.FileName}: '{title}' does not parse: {e.Message} (line {e.Extent.StartLineNumber})"));
                }
                bool pipes = page.Examples.Any(e => PipesIntoAkool(e.Code, cmdletNames));
                if (!pipes) problems.Add($"{page.FileName}: no example pipes ( | ) into an Akool cmdlet");
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        /// <summary>True when a pipeline in <paramref name="code"/> has an Akool cmdlet after its first element.</summary>
        private static bool PipesIntoAkool(string code, IReadOnlyCollection<string> cmdletNames)
        {
            ScriptBlockAst ast = Parser.ParseInput(code, out _, out _);
            return ast.FindAll(a => a is PipelineAst, searchNestedScriptBlocks: true).Cast<PipelineAst>()
                .Any(p => p.PipelineElements.Skip(1).OfType<CommandAst>().Any(c => cmdletNames.Contains(c.GetCommandName() ?? string.Empty, StringComparer.OrdinalIgnoreCase)));
        }

        /// <summary>Every difference between one cmdlet and its page.</summary>
        internal static List<string> Compare(CmdletInfo cmdlet, HelpPage page)
        {
            var problems = new List<string>();
            List<CommandParameterSetInfo> sets = PlatyPs.Sets(cmdlet);
            bool single = sets.Count == 1;

            // SYNTAX: one block per set (no ### heading when there is only one), the default set marked.
            var documentedSets = page.Syntax.Select(s => s.Set ?? "(none)").ToList();
            var expectedSets = single ? new List<string> { "(none)" } : sets.Select(s => s.Name).ToList();
            if (!documentedSets.OrderBy(s => s).SequenceEqual(expectedSets.OrderBy(s => s)))
            {
                problems.Add($"SYNTAX has parameter sets [{string.Join(", ", documentedSets)}]; the cmdlet has [{string.Join(", ", expectedSets)}]" +
                    (single ? " (one set: a single syntax block without a ### heading)" : string.Empty));
            }
            foreach (CommandParameterSetInfo set in sets)
            {
                var block = page.Syntax.FirstOrDefault(s => single ? s.Set == null : s.Set == set.Name);
                if (block.Syntax == null) continue;
                if (!single && block.IsDefault != set.IsDefault)
                {
                    problems.Add($"SYNTAX set {set.Name}: {(set.IsDefault ? "is the default set but not marked (Default)" : "is marked (Default) but is not the default set")}");
                }
                problems.AddRange(CompareSyntax(cmdlet, set, block.Syntax).Select(p => $"SYNTAX set {set.Name}: {p}"));
            }

            // PARAMETERS: one ### -Name per parameter, with yaml per set.
            var parameters = sets.SelectMany(PlatyPs.Parameters).GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            foreach (string missing in parameters.Keys.Except(page.Parameters.Keys)) problems.Add($"PARAMETERS: -{missing} is not documented");
            foreach (string extra in page.Parameters.Keys.Except(parameters.Keys))
            {
                problems.Add(PlatyPs.IsCommon(extra)
                    ? $"PARAMETERS: -{extra} is a common parameter; leave it to ### CommonParameters"
                    : $"PARAMETERS: -{extra} is documented but the cmdlet has no such parameter");
            }
            foreach ((string name, CommandParameterInfo parameter) in parameters)
            {
                if (page.Parameters.ContainsKey(name)) problems.AddRange(CompareParameter(sets, name, parameter, page).Select(p => $"PARAMETERS -{name}: {p}"));
            }
            return problems;
        }

        private static IEnumerable<string> CompareSyntax(CmdletInfo cmdlet, CommandParameterSetInfo set, string syntax)
        {
            if (!syntax.StartsWith(cmdlet.Name + " ", StringComparison.Ordinal) && syntax != cmdlet.Name)
            {
                yield return $"the syntax does not start with '{cmdlet.Name}'";
            }
            if (!syntax.EndsWith("[<CommonParameters>]", StringComparison.Ordinal)) yield return "the syntax does not end with [<CommonParameters>]";

            var documented = HelpPage.ParseSyntax(syntax, cmdlet.Name).Where(p => !PlatyPs.IsCommon(p.Name)).ToList();
            var actual = PlatyPs.Parameters(set);
            foreach (var missing in actual.Where(a => documented.All(d => d.Name != a.Name))) yield return $"-{missing.Name} is missing";
            foreach (var extra in documented.Where(d => actual.All(a => a.Name != d.Name))) yield return $"-{extra.Name} is not a parameter of this set";
            foreach (var d in documented)
            {
                CommandParameterInfo? a = actual.FirstOrDefault(x => x.Name == d.Name);
                if (a == null) continue;
                if (d.Mandatory != a.IsMandatory) yield return $"-{d.Name} is shown as {(d.Mandatory ? "mandatory" : "optional")} but is {(a.IsMandatory ? "mandatory" : "optional")}";
                if (d.Positional != a.Position >= 0) yield return $"-{d.Name} is shown as {(d.Positional ? "positional" : "named")} but is {(a.Position >= 0 ? "positional" : "named")}";
                string expectedType = a.ParameterType == typeof(SwitchParameter) ? "(switch)" : a.ParameterType.Name;
                if ((d.Type ?? "(switch)") != expectedType) yield return $"-{d.Name} is shown as <{d.Type ?? "switch"}> but is {expectedType}";
            }

            string expected = PlatyPs.SyntaxLine(cmdlet, set);
            if (documented.Count == actual.Count && syntax != expected) yield return $"the syntax is not what platyPS writes:\n    page:     {syntax}\n    expected: {expected}";
        }

        private static IEnumerable<string> CompareParameter(List<CommandParameterSetInfo> sets, string name, CommandParameterInfo any, HelpPage page)
        {
            List<Dictionary<string, string>> blocks = page.Parameters[name];
            if (blocks.Count == 0)
            {
                yield return "has no ```yaml block";
                yield break;
            }

            foreach (Dictionary<string, string> yaml in blocks)
            {
                foreach (string key in new[] { "Type", "Parameter Sets", "Aliases", "Required", "Position", "Default value", "Accept pipeline input", "Accept wildcard characters" })
                {
                    if (!yaml.ContainsKey(key)) yield return $"the yaml has no '{key}:'";
                }
                if (yaml.TryGetValue("Type", out string? type) && type != any.ParameterType.Name) yield return $"Type is {type} but the parameter is {any.ParameterType.Name}";
                var aliases = (yaml.TryGetValue("Aliases", out string? a) ? a : string.Empty).Split(',').Select(x => x.Trim()).Where(x => x.Length > 0).OrderBy(x => x, StringComparer.Ordinal);
                var actualAliases = any.Aliases.OrderBy(x => x, StringComparer.Ordinal);
                if (!aliases.SequenceEqual(actualAliases)) yield return $"Aliases are [{string.Join(", ", aliases)}] but the parameter has [{string.Join(", ", actualAliases)}]";
                string expectedWildcards = any.Attributes.OfType<SupportsWildcardsAttribute>().Any() ? "True" : "False";
                if (yaml.TryGetValue("Accept wildcard characters", out string? wildcards) && wildcards != expectedWildcards)
                {
                    yield return $"Accept wildcard characters is {wildcards} but should be {expectedWildcards} (True exactly for [SupportsWildcards] parameters)";
                }
            }

            // Which sets the parameter is in, and what it is in each.
            var inSets = sets.Select(s => (Set: s, Parameter: s.Parameters.FirstOrDefault(p => p.Name == name))).Where(x => x.Parameter != null).ToList();
            Dictionary<string, Dictionary<string, string>> bySet = page.FactsBySet(name);
            bool all = bySet.ContainsKey(PlatyPs.AllSets);
            if (all && bySet.Count > 1) yield return "'Parameter Sets: (All)' and named sets both given";
            if (all && inSets.Count != sets.Count) yield return $"'Parameter Sets: (All)' but it is only in [{string.Join(", ", inSets.Select(x => x.Set.Name))}]";
            if (!all)
            {
                var listed = bySet.Keys.OrderBy(x => x, StringComparer.Ordinal).ToList();
                var actual = inSets.Select(x => x.Set.Name).OrderBy(x => x, StringComparer.Ordinal).ToList();
                if (!listed.SequenceEqual(actual)) yield return $"Parameter Sets are [{string.Join(", ", listed)}] but it is in [{string.Join(", ", actual)}]";
            }

            foreach ((CommandParameterSetInfo set, CommandParameterInfo? parameter) in inSets)
            {
                Dictionary<string, string>? yaml = all ? bySet[PlatyPs.AllSets] : bySet.TryGetValue(set.Name, out var y) ? y : null;
                if (yaml == null) continue;
                string where = inSets.Count > 1 || sets.Count > 1 ? $" in set {set.Name}" : string.Empty;
                string required = parameter!.IsMandatory ? "True" : "False";
                if (yaml.GetValueOrDefault("Required") != required) yield return $"Required is {yaml.GetValueOrDefault("Required")}{where} but should be {required}";
                if (yaml.GetValueOrDefault("Position") != PlatyPs.Position(parameter)) yield return $"Position is {yaml.GetValueOrDefault("Position")}{where} but should be {PlatyPs.Position(parameter)}";
                if (yaml.GetValueOrDefault("Accept pipeline input") != PlatyPs.PipelineInput(parameter))
                {
                    yield return $"Accept pipeline input is {yaml.GetValueOrDefault("Accept pipeline input")}{where} but should be {PlatyPs.PipelineInput(parameter)}";
                }
            }
        }
    }
}
