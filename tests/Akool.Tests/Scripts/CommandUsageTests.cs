using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Scripts
{
    /// <summary>
    /// Every script and every ```powershell block of the repository calls the module (and Pester, and the engine's
    /// core cmdlets) only with commands and parameters that exist, resolved as the binder does (names, aliases,
    /// unambiguous prefixes) against the imported module's own metadata. For tests/Pester this is on top of running it
    /// (PesterSuiteTests): it also covers lines a run skips, so a renamed parameter fails the build wherever it is used.
    /// </summary>
    public sealed class CommandUsageTests
    {
        private static readonly string[] SkippedFolders = { "bin", "obj", "out", ".git", "TestResults", "node_modules" };

        private static readonly Lazy<CommandCatalog> CatalogLazy = new(LoadCatalog);

        private static CommandCatalog Catalog => CatalogLazy.Value;

        private static CommandCatalog LoadCatalog()
        {
            using PowerShellSession shell = PowerShellSession.Start();
            ScriptResult module = shell.Run("Get-Command -Module Akool");
            ScriptResult core = shell.Run("Get-Command -CommandType Cmdlet | Where-Object { $_.ModuleName -ne 'Akool' }");
            Assert.Empty(module.Errors);
            var moduleCommands = module.Output.Select(o => o.BaseObject).OfType<CommandInfo>().ToList();
            Assert.NotEmpty(moduleCommands);
            CommandCatalog catalog = CommandCatalog.FromCommands(core.Output.Select(o => o.BaseObject).OfType<CommandInfo>().Concat(moduleCommands));
            var common = moduleCommands[0].Parameters.Values.Where(p => Cmdlet.CommonParameters.Contains(p.Name)).Select(p => (p.Name, p.Aliases.ToArray()));
            Pester5.AddTo(catalog, common);
            return catalog;
        }

        private static IEnumerable<string> Scripts(string folder)
        {
            foreach (string file in Directory.GetFiles(folder, "*.ps1")) yield return file;
            foreach (string sub in Directory.GetDirectories(folder))
            {
                if (SkippedFolders.Contains(Path.GetFileName(sub), StringComparer.OrdinalIgnoreCase)) continue;
                foreach (string file in Scripts(sub)) yield return file;
            }
        }

        private static string Relative(string path) => Path.GetRelativePath(RepositoryPaths.Root, path).Replace('\\', '/');

        [Fact]
        public void EveryScriptCallsOnlyCommandsAndParametersThatExist()
        {
            var scripts = Scripts(RepositoryPaths.Root).ToList();
            Assert.Contains(scripts, s => Relative(s) == "build.ps1");
            Assert.Contains(scripts, s => Relative(s).StartsWith("examples/", StringComparison.Ordinal));
            Assert.Contains(scripts, s => Relative(s).StartsWith("tests/Pester/", StringComparison.Ordinal));

            var problems = scripts.SelectMany(s => CommandUsage.CheckFile(s, Relative(s), Catalog)).ToList();

            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void EveryPowerShellBlockInTheDocsCallsOnlyParametersThatExist()
        {
            var files = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "docs", "en-US"), "*.md")
                .Append(Path.Combine(RepositoryPaths.Root, "README.md"))
                .Append(Path.Combine(RepositoryPaths.Root, "examples", "README.md"))
                .ToList();
            var problems = new List<string>();
            int blocks = 0;
            foreach (string file in files)
            {
                foreach ((int line, string code) in CommandUsage.PowerShellBlocks(file))
                {
                    blocks++;
                    problems.AddRange(CommandUsage.Check($"{Relative(file)} (block at line {line})", code, Catalog));
                }
            }

            Assert.True(blocks >= 30, $"only {blocks} powershell blocks found");
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void TheCheckerReportsAWrongParameterAnAmbiguousPrefixAndAMissingCommand()
        {
            const string Script =
                "Import-Csv ./jobs.csv | New-AkoolTalkingPhoto -TalkingPhotoUri $u -audio_url $a -T 2 | Wait-AkoolVideo -Poll 1 |\n" +
                "    Save-AkoolVideo -Dest ./videos\n" +
                "Get-AkoolVideos -Id $id\n" +
                "Describe 'x' { It 'y' -TestCase @(@{ a = 1 }) { 1 | Should -BeExcatly 1 -ErrorAction Stop } }\n" +
                "New-AkoolTalkingPhoto @splatted\n";

            List<string> problems = CommandUsage.Check("wrong.ps1", Script, Catalog);

            Assert.Equal(new[]
            {
                "wrong.ps1 line 1: New-AkoolTalkingPhoto has no parameter -TalkingPhotoUri",
                "wrong.ps1 line 1: New-AkoolTalkingPhoto -T is ambiguous (TalkingPhotoUrl, ThrottleLimit, Text)",
                "wrong.ps1 line 3: Get-AkoolVideos is not a command of the module",
                "wrong.ps1 line 4: Should has no parameter -BeExcatly",
            }, problems);
        }

        [Fact]
        public void TheCheckerCatchesARenamedParameterInTheRealPesterSuite()
        {
            // What CI does when a cmdlet's parameter is renamed and tests/Pester is not updated: the same suite,
            // checked against a catalog in which New-AkoolTalkingPhoto's -Resolution is called -VideoResolution.
            string suite = Path.Combine(RepositoryPaths.Root, "tests", "Pester", "Akool.Tests.ps1");
            string text = File.ReadAllText(suite);
            Assert.Contains("-Resolution", text, StringComparison.Ordinal);
            var renamed = new CommandCatalog();
            foreach (string name in Catalog.Names.ToList())
            {
                var parameters = Catalog.Parameters(name).ToList();
                if (name == "New-AkoolTalkingPhoto") parameters = parameters.Select(p => p.Name == "Resolution" ? ("VideoResolution", p.Aliases) : p).ToList();
                renamed.Add(name, parameters);
            }

            List<string> problems = CommandUsage.Check("tests/Pester/Akool.Tests.ps1", text, renamed);

            Assert.NotEmpty(problems);
            Assert.All(problems, p => Assert.Contains("New-AkoolTalkingPhoto has no parameter -Resolution", p, StringComparison.Ordinal));
        }

        [Fact]
        public void ThePesterSuiteHasAtLeastThirtyTests()
        {
            int its = 0;
            foreach (string file in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "tests", "Pester"), "*.Tests.ps1"))
            {
                ScriptBlockAst ast = Parser.ParseFile(file, out _, out ParseError[] errors);
                Assert.Empty(errors);
                its += ast.FindAll(a => a is CommandAst c && c.GetCommandName() == "It", true).Count();
            }

            Assert.True(its >= 30, $"{its} It blocks in tests/Pester");
        }
    }
}
