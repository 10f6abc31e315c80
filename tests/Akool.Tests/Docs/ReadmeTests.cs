using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation.Language;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Akool.Emulator;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Docs
{
    /// <summary>The READMEs' commands are the real ones: CI's test command, the emulator's options and defaults, PowerShell that parses.</summary>
    public sealed class ReadmeTests
    {
        private static readonly string Readme = Path.Combine(RepositoryPaths.Root, "README.md");

        private static List<(string Info, string Body)> CodeBlocks(string path)
        {
            var blocks = new List<(string, string)>();
            string? info = null;
            var body = new List<string>();
            foreach (string line in File.ReadAllLines(path))
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
                        blocks.Add((info, string.Join("\n", body)));
                        info = null;
                    }
                }
                else if (info != null)
                {
                    body.Add(line);
                }
            }
            Assert.Null(info);
            return blocks;
        }

        [Fact]
        public void TheTestCommandIsExactlyWhatCiRuns()
        {
            // Every command CI runs, in order (its comments, `set` and `cd` aside): a fresh clone restores the repository's
            // pwsh and Azurite, then runs the tests.
            string ci = string.Join("\n", File.ReadAllLines(Path.Combine(RepositoryPaths.Root, ".ci", "run")).Select(l => l.Trim())
                .Where(l => l.Length > 0 && !l.StartsWith("#", StringComparison.Ordinal) && !l.StartsWith("set ", StringComparison.Ordinal) && !l.StartsWith("cd ", StringComparison.Ordinal)));

            Assert.EndsWith("dotnet test Akool.sln -c Release", ci, StringComparison.Ordinal);
            Assert.Contains(CodeBlocks(Readme), b => b.Body.Trim() == ci);
            Assert.Contains(CodeBlocks(Readme), b => b.Body.Trim() == "dotnet tool restore\ndotnet pwsh ./build.ps1 -Task Demo");
        }

        [Fact]
        public void TheEmulatorCommandAndEveryOptionParse()
        {
            string start = CodeBlocks(Readme).Select(b => b.Body.Trim()).Single(b => b.StartsWith("dotnet run -c Release --project src/Akool.Emulator", StringComparison.Ordinal));
            string[] args = start.Split(" -- ", 2)[1].Split(' ');

            EmulatorCommandLine command = EmulatorCommandLine.Parse(args);

            Assert.Equal("http://127.0.0.1:5080", command.Url);
            var documented = Regex.Matches(File.ReadAllText(Readme), @"^\| `(--[a-z-]+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
            var real = Regex.Matches(EmulatorCommandLine.Help, @"^  (--[a-z-]+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(real.OrderBy(x => x), documented.OrderBy(x => x));
        }

        [Fact]
        public void TheDocumentedEmulatorDefaultsAreTheRealOnes()
        {
            var options = new EmulatorOptions();
            string readme = File.ReadAllText(Readme);
            string about = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "en-US", "about_Akool.md"));
            string build = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "build.ps1"));

            foreach (string text in new[] { readme, about })
            {
                Assert.Contains("-ApiKey " + options.ApiKey, text, StringComparison.Ordinal);
                Assert.Contains(options.ClientId, text, StringComparison.Ordinal);
            }
            Assert.Contains("$EmulatorApiKey = '" + options.ApiKey + "'", build, StringComparison.Ordinal);
            Assert.Contains(options.FailMarker, File.ReadAllText(Path.Combine(RepositoryPaths.Root, "examples", "jobs.csv")), StringComparison.Ordinal);
        }

        [Fact]
        public void EveryPowerShellBlockInTheReadmesParses()
        {
            var problems = new List<string>();
            foreach (string path in new[] { Readme, Path.Combine(RepositoryPaths.Root, "examples", "README.md") })
            {
                foreach ((string info, string body) in CodeBlocks(path).Where(b => b.Info == "powershell"))
                {
                    Parser.ParseInput(body, out _, out ParseError[] errors);
                    problems.AddRange(errors.Select(e => $"{Path.GetFileName(path)}: {e.Message} in:\n{body}"));
                }
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void LinksToLocalFilesResolve()
        {
            var problems = new List<string>();
            foreach (string path in new[] { Readme, Path.Combine(RepositoryPaths.Root, "examples", "README.md") }
                .Concat(Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "docs", "en-US"), "*.md")))
            {
                foreach (Match link in Regex.Matches(File.ReadAllText(path), @"\]\((?<target>[^)#\s]+)(#[^)]*)?\)"))
                {
                    string target = link.Groups["target"].Value;
                    if (target.Contains("://", StringComparison.Ordinal)) continue;
                    string resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, target));
                    if (!File.Exists(resolved) && !Directory.Exists(resolved)) problems.Add($"{Path.GetFileName(path)}: {target}");
                }
            }
            Assert.True(problems.Count == 0, "Broken links: " + string.Join(", ", problems));
        }

        [Fact]
        public async Task TheReadmeOneLinerRunsAgainstTheEmulator()
        {
            // The engine here has no Import-Csv, so the CSV rows are given as Import-Csv would make them.
            string oneLiner = CodeBlocks(Readme).Select(b => b.Body.Trim()).First(b => b.StartsWith("Import-Csv ./examples/jobs.csv | New-AkoolTalkingPhoto | Wait-AkoolVideo", StringComparison.Ordinal));
            string script = "$jobRows" + oneLiner.Substring("Import-Csv ./examples/jobs.csv".Length);
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();

            ScriptResult result = context.Run(script, new() { ["jobRows"] = Scripts.ExampleTests.ReadCsv(Path.Combine(RepositoryPaths.Root, "examples", "jobs.csv")).ToArray() });

            Assert.Equal(7, result.OutputOf<FileInfo>().Count);
            Assert.Equal(new[] { "AkoolVideoFailed" }, result.ErrorIds);
            Assert.Equal(7, context.Videos().Length);
        }
    }
}
