using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;

namespace Akool.Tests.Docs
{
    /// <summary>
    /// What platyPS writes for a cmdlet, computed from the loaded module's metadata: the syntax line of each
    /// parameter set and the facts of each parameter's yaml block. The drift test compares the pages with this.
    /// </summary>
    internal static class PlatyPs
    {
        public const string AllSets = "(All)";

        /// <summary>True for -Verbose, -ErrorAction and the rest, which a page lists only as CommonParameters.</summary>
        public static bool IsCommon(string name) => Cmdlet.CommonParameters.Contains(name);

        public static bool IsShouldProcess(string name) => name == "WhatIf" || name == "Confirm";

        /// <summary>The parameter sets in the order platyPS writes them: the default set first.</summary>
        public static List<CommandParameterSetInfo> Sets(CmdletInfo cmdlet) =>
            cmdlet.ParameterSets.OrderBy(s => s.IsDefault ? 0 : 1).ToList();

        /// <summary>The documented parameters of a set, in syntax order: positional ones by position, then the rest, -WhatIf/-Confirm last.</summary>
        public static List<CommandParameterInfo> Parameters(CommandParameterSetInfo set)
        {
            var documented = set.Parameters.Where(p => !IsCommon(p.Name)).ToList();
            return documented.Where(p => p.Position >= 0).OrderBy(p => p.Position)
                .Concat(documented.Where(p => p.Position < 0 && !IsShouldProcess(p.Name)))
                .Concat(documented.Where(p => IsShouldProcess(p.Name)).OrderBy(p => p.Name == "WhatIf" ? 0 : 1))
                .ToList();
        }

        /// <summary>The syntax line platyPS writes for a set, e.g. <c>Get-AkoolVideo [-Id] &lt;String[]&gt; [-Name &lt;String&gt;] [&lt;CommonParameters&gt;]</c>.</summary>
        public static string SyntaxLine(CmdletInfo cmdlet, CommandParameterSetInfo set)
        {
            var tokens = new List<string> { cmdlet.Name };
            tokens.AddRange(Parameters(set).Select(Token));
            tokens.Add("[<CommonParameters>]");
            return string.Join(" ", tokens);
        }

        private static string Token(CommandParameterInfo parameter)
        {
            string name = "-" + parameter.Name;
            if (parameter.Position >= 0) name = "[" + name + "]";
            string token = parameter.ParameterType == typeof(SwitchParameter) ? name : name + " <" + parameter.ParameterType.Name + ">";
            return parameter.IsMandatory ? token : "[" + token + "]";
        }

        /// <summary>"True (ByPropertyName, ByValue)", as platyPS writes Accept pipeline input.</summary>
        public static string PipelineInput(CommandParameterInfo parameter)
        {
            var kinds = new List<string>();
            if (parameter.ValueFromPipelineByPropertyName) kinds.Add("ByPropertyName");
            if (parameter.ValueFromPipeline) kinds.Add("ByValue");
            return kinds.Count == 0 ? "False" : "True (" + string.Join(", ", kinds) + ")";
        }

        public static string Position(CommandParameterInfo parameter) =>
            parameter.Position >= 0 ? parameter.Position.ToString(System.Globalization.CultureInfo.InvariantCulture) : "Named";

        /// <summary>A parameter's facts in one set, as the yaml block states them.</summary>
        public static string Facts(CommandParameterInfo parameter) =>
            $"Required: {(parameter.IsMandatory ? "True" : "False")}; Position: {Position(parameter)}; Accept pipeline input: {PipelineInput(parameter)}";
    }

    /// <summary>One platyPS cmdlet page, parsed: front matter, sections, syntax blocks, parameter yaml, examples.</summary>
    internal sealed class HelpPage
    {
        private static readonly Regex SyntaxToken = new Regex(@"(?<open>\[{0,2})-(?<name>[A-Za-z][A-Za-z0-9_]*)(?<close>\])?(?: <(?<type>[^>]+)>)?", RegexOptions.CultureInvariant);

        public HelpPage(string path)
        {
            Path = path;
            FileName = System.IO.Path.GetFileName(path);
            Parse(File.ReadAllLines(path));
        }

        public string Path { get; }
        public string FileName { get; }
        public Dictionary<string, string> FrontMatter { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
        public string? Title { get; private set; }

        /// <summary>The ## sections in order, with their lines.</summary>
        public List<(string Name, List<string> Lines)> Sections { get; } = new List<(string, List<string>)>();

        /// <summary>From ## SYNTAX: the set name (null when the cmdlet has one set and platyPS writes no ### heading), whether marked (Default), and the code block.</summary>
        public List<(string? Set, bool IsDefault, string Syntax)> Syntax { get; } = new List<(string?, bool, string)>();

        /// <summary>From ## PARAMETERS: each ### -Name with its yaml blocks (key: value).</summary>
        public Dictionary<string, List<Dictionary<string, string>>> Parameters { get; } = new Dictionary<string, List<Dictionary<string, string>>>(StringComparer.Ordinal);

        public bool HasCommonParameters { get; private set; }

        /// <summary>From ## EXAMPLES: each ### Example heading with its powershell code and its prose.</summary>
        public List<(string Title, string Code, string Prose)> Examples { get; } = new List<(string, string, string)>();

        public List<string> SectionNames => Sections.Select(s => s.Name).ToList();

        public List<string> Section(string name) => Sections.FirstOrDefault(s => s.Name == name).Lines ?? new List<string>();

        /// <summary>The parameter's sets and facts in each, from its yaml blocks ("(All)" left as is).</summary>
        public Dictionary<string, Dictionary<string, string>> FactsBySet(string parameter)
        {
            var result = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
            foreach (Dictionary<string, string> yaml in Parameters[parameter])
            {
                string sets = yaml.TryGetValue("Parameter Sets", out string? s) ? s : string.Empty;
                foreach (string set in sets.Split(',').Select(x => x.Trim()).Where(x => x.Length > 0)) result[set] = yaml;
            }
            return result;
        }

        /// <summary>Parses a syntax line into (name, mandatory, positional, type) per parameter, common parameters excluded.</summary>
        public static List<(string Name, bool Mandatory, bool Positional, string? Type)> ParseSyntax(string line, string cmdletName)
        {
            string rest = line.StartsWith(cmdletName, StringComparison.Ordinal) ? line.Substring(cmdletName.Length) : line;
            var result = new List<(string, bool, bool, string?)>();
            foreach (Match m in SyntaxToken.Matches(rest))
            {
                int open = m.Groups["open"].Length;
                bool closedAfterName = m.Groups["close"].Success;
                string? type = m.Groups["type"].Success ? m.Groups["type"].Value : null;
                bool positional = closedAfterName && type != null;
                bool mandatory = positional ? open == 1 : open == 0;
                result.Add((m.Groups["name"].Value, mandatory, positional, type));
            }
            return result;
        }

        private void Parse(string[] lines)
        {
            int i = 0;
            if (lines.Length > 0 && lines[0].Trim() == "---")
            {
                for (i = 1; i < lines.Length && lines[i].Trim() != "---"; i++)
                {
                    int colon = lines[i].IndexOf(':');
                    if (colon > 0) FrontMatter[lines[i].Substring(0, colon).Trim()] = lines[i].Substring(colon + 1).Trim();
                }
                i++;
            }

            bool inFence = false;
            for (; i < lines.Length; i++)
            {
                string line = lines[i];
                if (line.StartsWith("```", StringComparison.Ordinal)) inFence = !inFence;
                if (!inFence && line.StartsWith("# ", StringComparison.Ordinal) && Title == null) Title = line.Substring(2).Trim();
                else if (!inFence && line.StartsWith("## ", StringComparison.Ordinal)) Sections.Add((line.Substring(3).Trim(), new List<string>()));
                else if (Sections.Count > 0) Sections[Sections.Count - 1].Lines.Add(line);
            }

            ParseSyntax();
            ParseParameters();
            ParseExamples();
        }

        /// <summary>Splits a section into ### subsections (outside code fences); lines before the first heading go under "".</summary>
        private static List<(string Heading, List<string> Lines)> Subsections(List<string> lines)
        {
            var result = new List<(string, List<string>)> { (string.Empty, new List<string>()) };
            bool inFence = false;
            foreach (string line in lines)
            {
                if (line.StartsWith("```", StringComparison.Ordinal)) inFence = !inFence;
                if (!inFence && line.StartsWith("### ", StringComparison.Ordinal)) result.Add((line.Substring(4).Trim(), new List<string>()));
                else result[result.Count - 1].Item2.Add(line);
            }
            return result;
        }

        /// <summary>The contents of each fenced block in <paramref name="lines"/>, with the fence's info string.</summary>
        private static List<(string Info, string Body)> Fences(List<string> lines)
        {
            var result = new List<(string, string)>();
            string? info = null;
            var body = new List<string>();
            foreach (string line in lines)
            {
                if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    if (info == null)
                    {
                        info = line.Substring(3).Trim();
                        body.Clear();
                    }
                    else
                    {
                        result.Add((info, string.Join("\n", body)));
                        info = null;
                    }
                }
                else if (info != null)
                {
                    body.Add(line);
                }
            }
            return result;
        }

        private void ParseSyntax()
        {
            foreach ((string heading, List<string> lines) in Subsections(Section("SYNTAX")))
            {
                foreach ((string _, string body) in Fences(lines))
                {
                    string? set = heading.Length == 0 ? null : heading.Replace("(Default)", string.Empty).Trim();
                    Syntax.Add((set, heading.Contains("(Default)", StringComparison.Ordinal), body.Trim()));
                }
            }
        }

        private void ParseParameters()
        {
            foreach ((string heading, List<string> lines) in Subsections(Section("PARAMETERS")))
            {
                if (heading == "CommonParameters")
                {
                    HasCommonParameters = true;
                    continue;
                }
                if (!heading.StartsWith("-", StringComparison.Ordinal)) continue;
                var blocks = new List<Dictionary<string, string>>();
                foreach ((string info, string body) in Fences(lines).Where(f => f.Info == "yaml"))
                {
                    var yaml = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (string line in body.Split('\n'))
                    {
                        int colon = line.IndexOf(':');
                        if (colon > 0) yaml[line.Substring(0, colon).Trim()] = line.Substring(colon + 1).Trim();
                    }
                    blocks.Add(yaml);
                }
                Parameters[heading.Substring(1)] = blocks;
            }
        }

        private void ParseExamples()
        {
            foreach ((string heading, List<string> lines) in Subsections(Section("EXAMPLES")))
            {
                if (heading.Length == 0) continue;
                string code = string.Join("\n", Fences(lines).Where(f => f.Info == "powershell").Select(f => f.Body));
                bool inFence = false;
                var prose = new List<string>();
                foreach (string line in lines)
                {
                    if (line.StartsWith("```", StringComparison.Ordinal)) inFence = !inFence;
                    else if (!inFence) prose.Add(line);
                }
                Examples.Add((heading, code, string.Join("\n", prose).Trim()));
            }
        }
    }
}
