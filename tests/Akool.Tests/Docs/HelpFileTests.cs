using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Akool.HelpBuilder;
using Akool.Tests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace Akool.Tests.Docs
{
    /// <summary>
    /// The MAML help file the build writes (tools/Akool.HelpBuilder, run by src/Akool/Akool.csproj) and what
    /// Get-Help makes of it in the hosted engine: every cmdlet's synopsis, description, parameters (with aliases)
    /// and examples, -Parameter for every parameter, and about_Akool. Nothing here names a cmdlet or a parameter
    /// except the capture of New-AkoolTalkingPhoto's help: the lists come from the module and the pages.
    /// </summary>
    public sealed class HelpFileTests
    {
        private static readonly string DocsFolder = Path.Combine(RepositoryPaths.Root, "docs", "en-US");
        private static readonly string HelpFile = Path.Combine(RepositoryPaths.Root, "out", "Akool", "en-US", "Akool.dll-Help.xml");
        private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
        private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

        private readonly ITestOutputHelper _output;

        public HelpFileTests(ITestOutputHelper output) => _output = output;

        /// <summary>Text without white space: Get-Help wraps at the console width, even inside words.</summary>
        private static string Flat(string text) => Regex.Replace(text, @"\s+", string.Empty);

        private static List<CmdletInfo> Cmdlets(PowerShellSession shell) =>
            shell.Run("Get-Command -Module Akool -CommandType Cmdlet").Output.Select(o => o.BaseObject).OfType<CmdletInfo>().OrderBy(c => c.Name, StringComparer.Ordinal).ToList();

        private static Dictionary<string, HelpPage> Pages() =>
            MamlWriter.LoadPages(DocsFolder).ToDictionary(p => p.Title!, StringComparer.OrdinalIgnoreCase);

        /// <summary>Renders <paramref name="script"/>'s output as a 120-column console shows it.</summary>
        private static string Render(string script)
        {
            var host = new TextCaptureHost();
            using PowerShellSession shell = PowerShellSession.Start(host: host);
            ScriptResult result = shell.Run(script + " | Out-Default");
            Assert.Empty(result.Errors);
            return host.Text;
        }

        [Fact]
        public void TheBuildWritesTheHelpFileFromTheCurrentPages()
        {
            Assert.True(File.Exists(HelpFile), HelpFile + " is missing: the build did not write the help file");

            string expected = MamlWriter.Render(MamlWriter.LoadPages(DocsFolder));

            Assert.Equal(expected, File.ReadAllText(HelpFile));
            Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "out", "Akool", "en-US", "about_Akool.help.txt")));
        }

        [Fact]
        public void TheHelpFileHasThePlatyPsMamlShapeForEveryPage()
        {
            XDocument document = XDocument.Load(HelpFile);
            XElement root = document.Root!;
            Assert.Equal(XName.Get("helpItems", "http://msh"), root.Name);
            Assert.Equal("maml", (string?)root.Attribute("schema"));
            var problems = new List<string>();
            Dictionary<string, HelpPage> pages = Pages();
            var commands = root.Elements(Command + "command").ToList();
            Assert.Equal(pages.Count, commands.Count);

            foreach (XElement command in commands)
            {
                XElement details = command.Element(Command + "details")!;
                string name = (string)details.Element(Command + "name")!;
                HelpPage page = pages[name];
                void Expect(bool ok, string what)
                {
                    if (!ok) problems.Add($"{name}: {what}");
                }

                Expect((string?)details.Element(Command + "verb") + "-" + (string?)details.Element(Command + "noun") == name, "verb-noun");
                Expect(details.Element(Maml + "description")?.Elements(Maml + "para").Any() == true, "details/description (synopsis)");
                Expect(command.Element(Maml + "description")?.Elements(Maml + "para").Count() == HelpPage.Paragraphs(page.Section("DESCRIPTION")).Count, "one maml:para per description paragraph");
                int sets = Math.Max(1, page.Syntax.Count);
                Expect(command.Element(Command + "syntax")?.Elements(Command + "syntaxItem").Count() == sets, $"{sets} syntaxItem(s)");
                var parameters = command.Element(Command + "parameters")!.Elements(Command + "parameter").ToList();
                Expect(parameters.Select(p => (string)p.Element(Maml + "name")!).SequenceEqual(page.Parameters.Keys), "command:parameters in page order");
                foreach (XElement parameter in parameters.Concat(command.Descendants(Command + "syntaxItem").Elements(Command + "parameter")))
                {
                    string p = (string)parameter.Element(Maml + "name")!;
                    foreach (string attribute in new[] { "required", "variableLength", "globbing", "pipelineInput", "position", "aliases" })
                    {
                        Expect(parameter.Attribute(attribute) != null, $"-{p} has the {attribute} attribute");
                    }
                    Expect(parameter.Element(Maml + "description")?.Elements(Maml + "para").Any() == true, $"-{p} has a description");
                    Expect(parameter.Element(Dev + "type")?.Element(Maml + "name") != null && parameter.Element(Dev + "type")?.Element(Maml + "uri") != null, $"-{p} has dev:type");
                    Expect(parameter.Element(Dev + "defaultValue") != null, $"-{p} has dev:defaultValue");
                    Dictionary<string, string> yaml = page.Parameters[p][0];
                    Expect((string?)parameter.Attribute("pipelineInput") == yaml["Accept pipeline input"], $"-{p} pipelineInput");
                    Expect(string.Equals((string?)parameter.Attribute("position"), yaml["Position"], StringComparison.OrdinalIgnoreCase), $"-{p} position");
                    Expect((string?)parameter.Attribute("aliases") == (yaml["Aliases"].Length == 0 ? "none" : yaml["Aliases"]), $"-{p} aliases");
                }
                Expect(command.Element(Command + "inputTypes")!.Elements(Command + "inputType").Select(e => (string?)e.Element(Dev + "type")?.Element(Maml + "name")).SequenceEqual(page.Inputs.Select(i => i.Type)), "inputTypes");
                Expect(command.Element(Command + "returnValues")!.Elements(Command + "returnValue").Select(e => (string?)e.Element(Dev + "type")?.Element(Maml + "name")).SequenceEqual(page.Outputs.Select(i => i.Type)), "returnValues");
                Expect(command.Element(Maml + "alertSet")?.Element(Maml + "alert")?.Elements(Maml + "para").Any() == true, "notes (alertSet)");
                var examples = command.Element(Command + "examples")!.Elements(Command + "example").ToList();
                Expect(examples.Count == page.Examples.Count, "every example");
                Expect(examples.All(e => ((string)e.Element(Maml + "title")!).Contains("Example", StringComparison.Ordinal) && ((string)e.Element(Dev + "code")!).Length > 0 && e.Element(Dev + "remarks")!.Elements(Maml + "para").Any()), "examples with title, code and remarks");
                var links = command.Element(Command + "relatedLinks")!.Elements(Maml + "navigationLink").ToList();
                Expect((string?)links.FirstOrDefault()?.Element(Maml + "linkText") == "Online Version:" && (string?)links[0].Element(Maml + "uri") == page.FrontMatter["online version"], "Online Version: link first");
                Expect(links.Count == page.Links.Count + 1, "every related link");
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void GetHelpFullShowsEveryPartOfEveryPage()
        {
            using PowerShellSession shell = PowerShellSession.Start();
            List<CmdletInfo> cmdlets = Cmdlets(shell);
            Dictionary<string, HelpPage> pages = Pages();
            Assert.NotEmpty(cmdlets);
            var problems = new List<string>();
            foreach (CmdletInfo cmdlet in cmdlets)
            {
                HelpPage page = pages[cmdlet.Name];
                string text = Flat(Render($"Get-Help {cmdlet.Name} -Full"));
                void Expect(string what, string expected)
                {
                    if (!text.Contains(Flat(expected), StringComparison.Ordinal)) problems.Add($"{cmdlet.Name}: Get-Help -Full lacks the {what}: {expected}");
                }

                Expect("synopsis", string.Join(" ", HelpPage.Paragraphs(page.Section("SYNOPSIS"))));
                foreach (string paragraph in HelpPage.Paragraphs(page.Section("DESCRIPTION"))) Expect("description", paragraph);
                foreach (ParameterMetadata parameter in cmdlet.Parameters.Values.Where(p => !PlatyPs.IsCommon(p.Name) && !PlatyPs.IsHidden(p.Attributes)))
                {
                    Expect("parameter heading", "-" + parameter.Name);
                    foreach (string paragraph in HelpPage.Paragraphs(page.ParameterText.GetValueOrDefault(parameter.Name) ?? new List<string>())) Expect($"text of -{parameter.Name}", paragraph);
                    if (parameter.Aliases.Count > 0) Expect($"aliases of -{parameter.Name}", "Aliases " + string.Join(", ", parameter.Aliases));
                }
                // Titles of 62 characters or more are not padded with dashes (platyPS's rule), so count the titles themselves.
                int examples = page.Examples.Count(e => text.Contains(Flat(e.Title), StringComparison.Ordinal));
                if (examples < 2) problems.Add($"{cmdlet.Name}: Get-Help -Full shows {examples} example(s); at least 2 wanted");
                foreach ((string title, string code, string _) in page.Examples) Expect($"example '{title}'", code);
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void GetHelpParameterAnswersForEveryParameter()
        {
            using PowerShellSession shell = PowerShellSession.Start();
            var problems = new List<string>();
            foreach (CmdletInfo cmdlet in Cmdlets(shell))
            {
                foreach (ParameterMetadata parameter in cmdlet.Parameters.Values.Where(p => !PlatyPs.IsCommon(p.Name) && !PlatyPs.IsHidden(p.Attributes)))
                {
                    ScriptResult result = shell.Run("Get-Help $command -Parameter $parameter", new() { ["command"] = cmdlet.Name, ["parameter"] = parameter.Name });
                    PSObject? help = result.Output.SingleOrDefault();
                    string? name = help?.Properties["name"]?.Value?.ToString();
                    string description = help?.Properties["description"]?.Value is object d ? Flat(string.Join(" ", LanguagePrimitives.GetEnumerable(d)?.Cast<object>().Select(x => PSObject.AsPSObject(x).Properties["Text"]?.Value?.ToString()) ?? Array.Empty<string>())) : string.Empty;
                    if (result.Errors.Count > 0 || name != parameter.Name || description.Length == 0)
                    {
                        problems.Add($"Get-Help {cmdlet.Name} -Parameter {parameter.Name}: name '{name}', description '{description}', errors: {string.Join("; ", result.Errors)}");
                    }
                }
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void GetHelpAboutAkoolFindsTheTopic()
        {
            string text = Render("Get-Help about_Akool");

            Assert.Contains("about_Akool", text, StringComparison.Ordinal);
            Assert.Contains("LONG DESCRIPTION", text, StringComparison.Ordinal);
        }

        /// <summary>Keeps the help a user sees for the cmdlet that spends money, for the release notes: TestResults/Get-Help-New-AkoolTalkingPhoto-Full.txt.</summary>
        [Fact]
        public void CaptureTheFullHelpOfNewAkoolTalkingPhoto()
        {
            string text = Render("Get-Help New-AkoolTalkingPhoto -Full");
            string folder = Path.Combine(RepositoryPaths.Root, "TestResults");
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "Get-Help-New-AkoolTalkingPhoto-Full.txt"), text);
            _output.WriteLine(text);

            foreach (string heading in new[] { "NAME", "SYNOPSIS", "SYNTAX", "DESCRIPTION", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "EXAMPLE 1", "RELATED LINKS" })
            {
                Assert.Contains(heading, text, StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}
