using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Akool.HelpBuilder
{
    /// <summary>
    /// Writes the MAML help file platyPS 0.14's <c>New-ExternalHelp</c> writes for the same pages (its
    /// Markdown.MAML MamlRenderer and ModelTransformerVersion2): <c>helpItems schema="maml"</c> holding one
    /// <c>command:command</c> per page with details (name, verb, noun, synopsis), description, one syntaxItem per
    /// parameter set, parameters (description, parameterValue, type, defaultValue, and the required, variableLength,
    /// globbing, pipelineInput, position and aliases attributes), inputTypes, returnValues, the notes as an alertSet,
    /// examples (padded title, code, remarks) and relatedLinks ("Online Version:" first).
    /// </summary>
    public static class MamlWriter
    {
        /// <summary>platyPS's name for parameters in every set.</summary>
        public const string AllSets = "(All)";

        private static readonly XNamespace Msh = "http://msh";
        private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
        private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
        private static readonly XNamespace MSHelp = "http://msdn.microsoft.com/mshelp";

        /// <summary>The cmdlet pages of a folder: every *.md but the about_ topics, in ordinal name order.</summary>
        /// <param name="folder">The docs folder, e.g. docs/en-US.</param>
        /// <returns>The parsed pages.</returns>
        public static List<HelpPage> LoadPages(string folder) =>
            Directory.GetFiles(folder, "*.md")
                .Where(p => !Path.GetFileName(p).StartsWith("about_", StringComparison.OrdinalIgnoreCase))
                .OrderBy(p => p, StringComparer.Ordinal)
                .Select(p => new HelpPage(p))
                .ToList();

        /// <summary>The help document for <paramref name="pages"/>.</summary>
        /// <param name="pages">The cmdlet pages.</param>
        /// <returns>The MAML document.</returns>
        public static XDocument Document(IEnumerable<HelpPage> pages) =>
            new XDocument(
                new XDeclaration("1.0", "utf-8", null),
                new XElement(Msh + "helpItems", new XAttribute("schema", "maml"), pages.Select(CommandElement)));

        /// <summary>The document as the text of the help file (UTF-8, two-space indent, LF line ends).</summary>
        /// <param name="pages">The cmdlet pages.</param>
        /// <returns>The file's text.</returns>
        public static string Render(IEnumerable<HelpPage> pages)
        {
            var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", Encoding = new UTF8Encoding(false) };
            using var stream = new MemoryStream();
            using (XmlWriter writer = XmlWriter.Create(stream, settings))
            {
                Document(pages).Save(writer);
            }
            return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
        }

        /// <summary>Every problem that stops a page from becoming help (a missing title, a parameter without yaml).</summary>
        /// <param name="page">The page.</param>
        /// <returns>One line per problem, "file: what".</returns>
        public static IEnumerable<string> Problems(HelpPage page)
        {
            if (string.IsNullOrWhiteSpace(page.Title) || !page.Title.Contains('-', StringComparison.Ordinal))
            {
                yield return $"{page.FileName}: no '# Verb-Noun' title";
            }
            if (HelpPage.Paragraphs(page.Section("SYNOPSIS")).Count == 0)
            {
                yield return $"{page.FileName}: no ## SYNOPSIS text";
            }
            foreach (KeyValuePair<string, List<Dictionary<string, string>>> parameter in page.Parameters)
            {
                if (parameter.Value.Count == 0)
                {
                    yield return $"{page.FileName}: ### -{parameter.Key} has no ```yaml block";
                }
                else if (parameter.Value.Any(y => !y.ContainsKey("Type")))
                {
                    yield return $"{page.FileName}: ### -{parameter.Key} has a yaml block without 'Type:'";
                }
            }
        }

        private static XElement CommandElement(HelpPage page)
        {
            string name = page.Title ?? Path.GetFileNameWithoutExtension(page.FileName);
            string verb = name.Split('-')[0];
            string noun = name.Substring(Math.Min(verb.Length + 1, name.Length));
            return new XElement(Command + "command",
                new XAttribute(XNamespace.Xmlns + "maml", Maml),
                new XAttribute(XNamespace.Xmlns + "command", Command),
                new XAttribute(XNamespace.Xmlns + "dev", Dev),
                new XAttribute(XNamespace.Xmlns + "MSHelp", MSHelp),
                new XElement(Command + "details",
                    new XElement(Command + "name", name),
                    new XElement(Command + "verb", verb),
                    new XElement(Command + "noun", noun),
                    new XElement(Maml + "description", Paras(page.Section("SYNOPSIS")))),
                new XElement(Maml + "description", Paras(page.Section("DESCRIPTION"))),
                new XElement(Command + "syntax", SyntaxItems(page, name)),
                new XElement(Command + "parameters", page.Parameters.Keys.Select(p => Parameter(page, p, page.Parameters[p].FirstOrDefault(), inSyntax: false))),
                new XElement(Command + "inputTypes", page.Inputs.Select(i => TypeElement("inputType", i.Type, i.Lines))),
                new XElement(Command + "returnValues", page.Outputs.Select(o => TypeElement("returnValue", o.Type, o.Lines))),
                new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paras(page.Section("NOTES")))),
                new XElement(Command + "examples", page.Examples.Select(Example)),
                new XElement(Command + "relatedLinks", Links(page)));
        }

        private static IEnumerable<XElement> Paras(IEnumerable<string> lines) =>
            HelpPage.Paragraphs(lines).Select(p => new XElement(Maml + "para", p));

        /// <summary>
        /// One syntaxItem per parameter set, as platyPS gathers them from the parameters' yaml (sets in the order the
        /// parameters first name them; but see below for sets only ## SYNTAX names); a parameter in "(All)" joins every set; within a set, parameters in page order
        /// stably sorted by their Position text (so positional ones first, "Named" after).
        /// </summary>
        private static IEnumerable<XElement> SyntaxItems(HelpPage page, string name)
        {
            var bySet = page.Parameters.Keys.Select(p => (Name: p, Sets: page.FactsBySet(p))).ToList();
            var setNames = new List<string>();
            foreach (string set in bySet.SelectMany(p => p.Sets.Keys))
            {
                if (!setNames.Contains(set, StringComparer.OrdinalIgnoreCase))
                {
                    setNames.Add(set);
                }
            }
            // platyPS knows sets only from the yaml, so a set whose parameters are all "(All)" (Connect-Akool's
            // FromEnvironment) would vanish from Get-Help's syntax; the ## SYNTAX headings name it, so keep it.
            var headed = page.Syntax.Where(s => s.Set != null).Select(s => s.Set!).ToList();
            if (headed.Count > 0)
            {
                setNames = headed.Concat(setNames.Where(s => s != AllSets && !headed.Contains(s, StringComparer.OrdinalIgnoreCase))).ToList();
            }
            if (setNames.Count == 0)
            {
                yield return new XElement(Command + "syntaxItem", new XElement(Maml + "name", name));
                yield break;
            }
            foreach (string set in setNames)
            {
                if (set == AllSets && setNames.Count > 1)
                {
                    continue;
                }
                var members = new List<(string Name, Dictionary<string, string> Yaml)>();
                foreach ((string parameter, Dictionary<string, Dictionary<string, string>> sets) in bySet)
                {
                    if (sets.TryGetValue(set, out Dictionary<string, string>? yaml) || (sets.Count == 1 && sets.TryGetValue(AllSets, out yaml)))
                    {
                        members.Add((parameter, yaml));
                    }
                }
                yield return new XElement(Command + "syntaxItem",
                    new XElement(Maml + "name", name),
                    members.OrderBy(m => Value(m.Yaml, "Position") ?? "named", StringComparer.Ordinal).Select(m => Parameter(page, m.Name, m.Yaml, inSyntax: true)));
            }
        }

        private static XElement Parameter(HelpPage page, string name, Dictionary<string, string>? yaml, bool inSyntax)
        {
            yaml ??= new Dictionary<string, string>(StringComparer.Ordinal);
            string type = Value(yaml, "Type") ?? string.Empty;
            bool isSwitch = type == "SwitchParameter" || type == "System.Management.Automation.SwitchParameter" || type.Equals("switch", StringComparison.OrdinalIgnoreCase);
            if (isSwitch)
            {
                type = "SwitchParameter";
            }
            string aliases = string.Join(", ", (Value(yaml, "Aliases") ?? string.Empty).Split(',').Select(a => a.Trim()).Where(a => a.Length > 0));
            string? defaultValue = Value(yaml, "Default value");
            var acceptedValues = (Value(yaml, "Accepted values") ?? string.Empty).Split(',').Select(a => a.Trim()).Where(a => a.Length > 0).ToList();
            return new XElement(Command + "parameter",
                new XAttribute("required", Flag(Value(yaml, "Required"))),
                new XAttribute("variableLength", "true"),
                new XAttribute("globbing", Flag(Value(yaml, "Accept wildcard characters"))),
                new XAttribute("pipelineInput", Value(yaml, "Accept pipeline input") ?? "false"),
                new XAttribute("position", (Value(yaml, "Position") ?? "named").ToLowerInvariant()),
                new XAttribute("aliases", aliases.Length > 0 ? aliases : "none"),
                new XElement(Maml + "name", name),
                new XElement(Maml + "description", Paras(page.ParameterText.TryGetValue(name, out List<string>? text) ? text : new List<string>())),
                inSyntax && acceptedValues.Count > 0
                    ? new XElement(Command + "parameterValueGroup", acceptedValues.Select(v => new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute(Command + "variableLength", "false"), v)))
                    : null,
                !inSyntax || !isSwitch
                    ? new XElement(Command + "parameterValue", new XAttribute("required", isSwitch ? "false" : "true"), new XAttribute("variableLength", "false"), type)
                    : null,
                new XElement(Dev + "type", new XElement(Maml + "name", type), new XElement(Maml + "uri")),
                new XElement(Dev + "defaultValue", isSwitch && (string.IsNullOrEmpty(defaultValue) || defaultValue == "None") ? "False" : defaultValue ?? "None"));
        }

        private static XElement TypeElement(string element, string type, List<string> lines) =>
            new XElement(Command + element,
                new XElement(Dev + "type", new XElement(Maml + "name", type)),
                new XElement(Maml + "description", Paras(lines)));

        private static XElement Example((string Title, string Code, string Prose) example) =>
            new XElement(Command + "example",
                new XElement(Maml + "title", PadTitle(example.Title)),
                new XElement(Dev + "code", example.Code),
                new XElement(Dev + "remarks", HelpPage.Paragraphs(example.Prose.Split('\n')).Select(p => new XElement(Maml + "para", p))));

        /// <summary>platyPS pads an example title with dashes to 64 characters: "----- Example 1: Title -----".</summary>
        /// <param name="title">The ### heading.</param>
        /// <returns>The padded title.</returns>
        public static string PadTitle(string title)
        {
            if (string.IsNullOrWhiteSpace(title) || title.Length >= 62)
            {
                return title;
            }
            int pad = (64 - title.Length - 2) / 2;
            string dashes = new string('-', pad);
            return dashes + " " + title + " " + dashes;
        }

        /// <summary>"Online Version:" from the front matter first, then each link; a link that is not an absolute URI keeps its text with an empty uri, as platyPS writes it.</summary>
        private static IEnumerable<XElement> Links(HelpPage page)
        {
            if (page.FrontMatter.TryGetValue("online version", out string? online) && online.Length > 0)
            {
                yield return NavigationLink("Online Version:", online);
            }
            foreach ((string text, string uri) in page.Links)
            {
                yield return NavigationLink(text, Uri.TryCreate(uri, UriKind.Absolute, out _) ? uri : string.Empty);
            }
        }

        private static XElement NavigationLink(string text, string uri) =>
            new XElement(Maml + "navigationLink", new XElement(Maml + "linkText", text), new XElement(Maml + "uri", uri));

        private static string? Value(Dictionary<string, string> yaml, string key) =>
            yaml.TryGetValue(key, out string? value) && value.Length > 0 ? value : null;

        private static string Flag(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) ? "true" : "false";
    }
}
