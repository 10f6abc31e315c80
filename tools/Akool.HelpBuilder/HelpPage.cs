using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Akool.HelpBuilder
{
    /// <summary>
    /// One platyPS 0.14 cmdlet page, parsed: front matter, sections, syntax blocks, parameters (text and yaml),
    /// examples, inputs, outputs, notes and links. The one reader of docs/en-US: the MAML generator builds the help
    /// file from it and the drift test compares it with the module.
    /// </summary>
    public sealed class HelpPage
    {
        private static readonly Regex SyntaxToken = new Regex(@"(?<open>\[{0,2})-(?<name>[A-Za-z][A-Za-z0-9_]*)(?<close>\])?(?: <(?<type>[^>]+)>)?", RegexOptions.CultureInvariant);
        private static readonly Regex Link = new Regex(@"\[(?<text>[^\]]*)\]\((?<uri>[^)\s]*)\)", RegexOptions.CultureInvariant);

        /// <summary>Reads and parses the page at <paramref name="path"/>.</summary>
        /// <param name="path">The markdown file.</param>
        public HelpPage(string path)
            : this(path, File.ReadAllLines(path))
        {
        }

        /// <summary>Parses <paramref name="lines"/> as the page at <paramref name="path"/> (which is not read).</summary>
        /// <param name="path">The file name reported in messages.</param>
        /// <param name="lines">The page's lines.</param>
        public HelpPage(string path, IReadOnlyList<string> lines)
        {
            Path = path;
            FileName = System.IO.Path.GetFileName(path);
            Parse(lines);
        }

        /// <summary>The page's path.</summary>
        public string Path { get; }

        /// <summary>The page's file name.</summary>
        public string FileName { get; }

        /// <summary>The yaml front matter (key: value).</summary>
        public Dictionary<string, string> FrontMatter { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>The # title: the cmdlet's name.</summary>
        public string? Title { get; private set; }

        /// <summary>The ## sections in order, with their lines.</summary>
        public List<(string Name, List<string> Lines)> Sections { get; } = new List<(string, List<string>)>();

        /// <summary>From ## SYNTAX: the set name (null when the cmdlet has one set and platyPS writes no ### heading), whether marked (Default), and the code block.</summary>
        public List<(string? Set, bool IsDefault, string Syntax)> Syntax { get; } = new List<(string?, bool, string)>();

        /// <summary>From ## PARAMETERS: each ### -Name with its yaml blocks (key: value), in page order.</summary>
        public Dictionary<string, List<Dictionary<string, string>>> Parameters { get; } = new Dictionary<string, List<Dictionary<string, string>>>(StringComparer.Ordinal);

        /// <summary>From ## PARAMETERS: each parameter's text (the lines under its heading outside the yaml blocks).</summary>
        public Dictionary<string, List<string>> ParameterText { get; } = new Dictionary<string, List<string>>(StringComparer.Ordinal);

        /// <summary>True when ## PARAMETERS ends with ### CommonParameters.</summary>
        public bool HasCommonParameters { get; private set; }

        /// <summary>From ## EXAMPLES: each ### Example heading with its powershell code and its prose.</summary>
        public List<(string Title, string Code, string Prose)> Examples { get; } = new List<(string, string, string)>();

        /// <summary>From ## INPUTS: each ### type name with its text.</summary>
        public List<(string Type, List<string> Lines)> Inputs { get; } = new List<(string, List<string>)>();

        /// <summary>From ## OUTPUTS: each ### type name with its text.</summary>
        public List<(string Type, List<string> Lines)> Outputs { get; } = new List<(string, List<string>)>();

        /// <summary>From ## RELATED LINKS: each [text](uri).</summary>
        public List<(string Text, string Uri)> Links { get; } = new List<(string, string)>();

        /// <summary>The ## section names in page order.</summary>
        public List<string> SectionNames => Sections.Select(s => s.Name).ToList();

        /// <summary>The lines of the ## section <paramref name="name"/> (empty when the page has none).</summary>
        /// <param name="name">The section name, e.g. DESCRIPTION.</param>
        /// <returns>The lines between its heading and the next ## heading.</returns>
        public List<string> Section(string name) => Sections.FirstOrDefault(s => s.Name == name).Lines ?? new List<string>();

        /// <summary>The parameter's sets and facts in each, from its yaml blocks ("(All)" left as is).</summary>
        /// <param name="parameter">The parameter name, without the dash.</param>
        /// <returns>Set name to yaml block.</returns>
        public Dictionary<string, Dictionary<string, string>> FactsBySet(string parameter)
        {
            var result = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
            foreach (Dictionary<string, string> yaml in Parameters[parameter])
            {
                string sets = yaml.TryGetValue("Parameter Sets", out string? s) ? s : string.Empty;
                foreach (string set in sets.Split(',').Select(x => x.Trim()).Where(x => x.Length > 0))
                {
                    result[set] = yaml;
                }
            }
            return result;
        }

        /// <summary>Parses a syntax line into (name, mandatory, positional, type) per parameter.</summary>
        /// <param name="line">The syntax line.</param>
        /// <param name="cmdletName">The cmdlet name the line starts with.</param>
        /// <returns>One entry per -Parameter token.</returns>
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

        /// <summary>
        /// Markdown text as the paragraphs platyPS gives Get-Help: blank lines separate paragraphs, the lines of one
        /// paragraph are joined with a space, and a link becomes "text (uri)". Unlike platyPS, each list item stays
        /// its own paragraph, so a list reads as a list in Get-Help instead of one run-on line. Code fences are kept
        /// line by line.
        /// </summary>
        /// <param name="lines">The markdown lines.</param>
        /// <returns>The paragraphs, none empty.</returns>
        public static List<string> Paragraphs(IEnumerable<string> lines)
        {
            var result = new List<string>();
            string? current = null;
            bool inFence = false;
            void Flush()
            {
                if (current != null && current.Trim().Length > 0)
                {
                    result.Add(current.Trim());
                }
                current = null;
            }

            foreach (string raw in lines)
            {
                string line = raw.TrimEnd();
                if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    Flush();
                    inFence = !inFence;
                    continue;
                }
                if (inFence)
                {
                    result.Add(line);
                    continue;
                }
                string trimmed = line.Trim();
                if (trimmed.Length == 0)
                {
                    Flush();
                }
                else if (IsListItem(trimmed))
                {
                    Flush();
                    current = Inline(trimmed);
                }
                else
                {
                    current = current == null ? Inline(trimmed) : current + " " + Inline(trimmed);
                }
            }
            Flush();
            return result;
        }

        private static bool IsListItem(string line) =>
            line.StartsWith("- ", StringComparison.Ordinal) || line.StartsWith("* ", StringComparison.Ordinal) || Regex.IsMatch(line, @"^[0-9]+\. ", RegexOptions.CultureInvariant);

        private static string Inline(string text) =>
            Link.Replace(text, m => m.Groups["uri"].Value.Length == 0 ? m.Groups["text"].Value : m.Groups["text"].Value + " (" + m.Groups["uri"].Value + ")");

        private void Parse(IReadOnlyList<string> lines)
        {
            int i = 0;
            if (lines.Count > 0 && lines[0].Trim() == "---")
            {
                for (i = 1; i < lines.Count && lines[i].Trim() != "---"; i++)
                {
                    int colon = lines[i].IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0)
                    {
                        FrontMatter[lines[i].Substring(0, colon).Trim()] = lines[i].Substring(colon + 1).Trim();
                    }
                }
                i++;
            }

            bool inFence = false;
            for (; i < lines.Count; i++)
            {
                string line = lines[i];
                if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    inFence = !inFence;
                }
                if (!inFence && line.StartsWith("# ", StringComparison.Ordinal) && Title == null)
                {
                    Title = line.Substring(2).Trim();
                }
                else if (!inFence && line.StartsWith("## ", StringComparison.Ordinal))
                {
                    Sections.Add((line.Substring(3).Trim(), new List<string>()));
                }
                else if (Sections.Count > 0)
                {
                    Sections[Sections.Count - 1].Lines.Add(line);
                }
            }

            ParseSyntax();
            ParseParameters();
            ParseExamples();
            Inputs.AddRange(Subsections(Section("INPUTS")).Where(s => s.Heading.Length > 0));
            Outputs.AddRange(Subsections(Section("OUTPUTS")).Where(s => s.Heading.Length > 0));
            foreach (Match link in Link.Matches(string.Join("\n", Section("RELATED LINKS"))))
            {
                Links.Add((link.Groups["text"].Value, link.Groups["uri"].Value));
            }
        }

        /// <summary>Splits a section into ### subsections (outside code fences); lines before the first heading go under "".</summary>
        private static List<(string Heading, List<string> Lines)> Subsections(List<string> lines)
        {
            var result = new List<(string, List<string>)> { (string.Empty, new List<string>()) };
            bool inFence = false;
            foreach (string line in lines)
            {
                if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    inFence = !inFence;
                }
                if (!inFence && line.StartsWith("### ", StringComparison.Ordinal))
                {
                    result.Add((line.Substring(4).Trim(), new List<string>()));
                }
                else
                {
                    result[result.Count - 1].Item2.Add(line);
                }
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

        /// <summary>The lines outside fenced blocks whose info string is <paramref name="info"/>.</summary>
        private static List<string> Outside(List<string> lines, string info)
        {
            var result = new List<string>();
            bool skipping = false;
            bool inFence = false;
            foreach (string line in lines)
            {
                if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    if (!inFence)
                    {
                        inFence = true;
                        skipping = line.Substring(3).Trim() == info;
                    }
                    else
                    {
                        inFence = false;
                        if (skipping)
                        {
                            skipping = false;
                            continue;
                        }
                    }
                }
                if (!skipping)
                {
                    result.Add(line);
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
                    string? set = heading.Length == 0 ? null : heading.Replace("(Default)", string.Empty, StringComparison.Ordinal).Trim();
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
                if (!heading.StartsWith('-'))
                {
                    continue;
                }
                var blocks = new List<Dictionary<string, string>>();
                foreach ((string _, string body) in Fences(lines).Where(f => f.Info == "yaml"))
                {
                    var yaml = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (string line in body.Split('\n'))
                    {
                        int colon = line.IndexOf(':', StringComparison.Ordinal);
                        if (colon > 0)
                        {
                            yaml[line.Substring(0, colon).Trim()] = line.Substring(colon + 1).Trim();
                        }
                    }
                    blocks.Add(yaml);
                }
                Parameters[heading.Substring(1)] = blocks;
                ParameterText[heading.Substring(1)] = Outside(lines, "yaml");
            }
        }

        private void ParseExamples()
        {
            foreach ((string heading, List<string> lines) in Subsections(Section("EXAMPLES")))
            {
                if (heading.Length == 0)
                {
                    continue;
                }
                string code = string.Join("\n", Fences(lines).Where(f => f.Info == "powershell").Select(f => f.Body));
                bool inFence = false;
                var prose = new List<string>();
                foreach (string line in lines)
                {
                    if (line.StartsWith("```", StringComparison.Ordinal))
                    {
                        inFence = !inFence;
                    }
                    else if (!inFence)
                    {
                        prose.Add(line);
                    }
                }
                Examples.Add((heading, code, string.Join("\n", prose).Trim()));
            }
        }
    }
}
