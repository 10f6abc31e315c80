using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Akool.HelpBuilder;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Docs
{
    /// <summary>
    /// The help generator alone (tools/Akool.HelpBuilder): a small page with every part platyPS 0.14 renders (two
    /// parameter sets, an "(All)" switch, aliases, a list, links, an example) gives exactly the MAML in
    /// Golden/Get-Thing.dll-Help.xml, reviewed against platyPS's MamlRenderer (XLinq version) and
    /// ModelTransformerVersion2; broken pages stop the build with a message naming the file.
    /// </summary>
    public sealed class MamlWriterTests
    {
        private static readonly string Golden = Path.Combine(RepositoryPaths.Root, "tests", "Akool.Tests", "Docs", "Golden");

        /// <summary>The golden file as the generator writes it (LF), whatever line ends the checkout gave it.</summary>
        private static string GoldenMaml => File.ReadAllText(Path.Combine(Golden, "Get-Thing.dll-Help.xml")).Replace("\r\n", "\n", StringComparison.Ordinal);

        [Fact]
        public void ASmallPageGivesTheMamlPlatyPsWrites()
        {
            var page = new HelpPage(Path.Combine(Golden, "Get-Thing.md"));

            string maml = MamlWriter.Render(new[] { page });

            Assert.Equal(GoldenMaml, maml);
        }

        [Fact]
        public void ParagraphsJoinLinesKeepListItemsAndSpellOutLinks()
        {
            List<string> paragraphs = HelpPage.Paragraphs(new[] { "One", "two [x](https://x.example).", "", "- a", "- b", "  continued", "", "```", "code line", "```", "[rel](page.md)" });

            Assert.Equal(new[] { "One two x (https://x.example).", "- a", "- b continued", "code line", "rel (page.md)" }, paragraphs);
        }

        [Theory]
        [InlineData("Example 1: Get one", "---------------------- Example 1: Get one ----------------------")]
        [InlineData("", "")]
        public void ExampleTitlesArePaddedToSixtyFourColumns(string title, string expected)
        {
            Assert.Equal(expected, MamlWriter.PadTitle(title));
            if (title.Length > 0) Assert.Equal(64, MamlWriter.PadTitle(title).Length);
        }

        [Fact]
        public void APageTheHelpCannotBeBuiltFromStopsTheBuildNamingTheFile()
        {
            string folder = Directory.CreateTempSubdirectory("akool-help-").FullName;
            try
            {
                string[] lines = File.ReadAllLines(Path.Combine(Golden, "Get-Thing.md"));
                // -Name loses its yaml block.
                int yaml = Array.IndexOf(lines, "### -Name") + 3;
                var broken = lines.Take(yaml).Concat(lines.Skip(yaml).SkipWhile(l => l != "### -Force")).ToArray();
                File.WriteAllLines(Path.Combine(folder, "Get-Thing.md"), broken);
                string target = Path.Combine(folder, "out", "help.xml");

                Assert.Equal(new[] { "Get-Thing.md: ### -Name has no ```yaml block" }, MamlWriter.Problems(new HelpPage(Path.Combine(folder, "Get-Thing.md"))));
                Assert.Equal(1, Akool.HelpBuilder.Program.Main(new[] { folder, target }));
                Assert.False(File.Exists(target));

                File.Copy(Path.Combine(Golden, "Get-Thing.md"), Path.Combine(folder, "Get-Thing.md"), overwrite: true);
                Assert.Equal(0, Akool.HelpBuilder.Program.Main(new[] { folder, target }));
                Assert.Equal(GoldenMaml, File.ReadAllText(target));
                Assert.Equal(2, Akool.HelpBuilder.Program.Main(new[] { folder }));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        [Fact]
        public void TheDriftTestStillCatchesARenamedParameter()
        {
            // The parser moved into the generator; the drift test must still see a page that disagrees with its cmdlet.
            string path = Path.Combine(RepositoryPaths.Root, "docs", "en-US", "New-AkoolTalkingPhoto.md");
            var lines = File.ReadAllLines(path).Select(l => l.Replace("-AudioUrl", "-AudioUri", StringComparison.Ordinal)).ToList();
            var page = new HelpPage(path, lines);
            using PowerShellSession shell = PowerShellSession.Start();
            var cmdlet = (CmdletInfo)shell.Run("Get-Command New-AkoolTalkingPhoto").Output.Single().BaseObject;

            List<string> problems = DocsDriftTests.Compare(cmdlet, page);

            Assert.Contains("PARAMETERS: -AudioUrl is not documented", problems);
            Assert.Contains("PARAMETERS: -AudioUri is documented but the cmdlet has no such parameter", problems);
            Assert.Empty(DocsDriftTests.Compare(cmdlet, new HelpPage(path)));
        }
    }
}
