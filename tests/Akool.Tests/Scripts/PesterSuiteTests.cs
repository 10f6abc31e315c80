using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Scripts
{
    /// <summary>
    /// The Pester suite (tests/Pester) in the official pwsh that users run: the repository's .NET tool
    /// (.config/dotnet-tools.json, `dotnet pwsh`), with Pester 5.9.1 from NuGet. Its work is all in that child
    /// process, so it runs beside the in-process tests (<see cref="ChildProcessTests"/>).
    /// </summary>
    [Collection(ChildProcessTests.Pester)]
    public sealed class PesterSuiteTests
    {
        /// <summary>Pester's manifest in the NuGet package folder (the test project downloads the package; see its csproj).</summary>
        private static string PesterManifest =>
            typeof(PesterSuiteTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PesterManifest").Value!;

        [Fact]
        public async Task ThePesterSuitePasses()
        {
            Assert.True(File.Exists(PesterManifest), "Pester is not restored: " + PesterManifest);

            ChildResult run = await ChildProcess.RunPwshAsync(Path.Combine("tests", "Pester", "Invoke-PesterSuite.ps1"), "-PesterManifest", PesterManifest);

            string report = run.StandardOutput + run.StandardError;
            string[] lines = report.Split('\n').Select(l => l.Trim()).ToArray();
            string summary = lines.LastOrDefault(l => l.StartsWith("PESTER ", StringComparison.Ordinal))
                ?? throw new Xunit.Sdk.XunitException("The Pester suite gave no summary. Is the repository's pwsh restored? Run `dotnet tool restore` in " + RepositoryPaths.Root + ".\n" + report);
            string failures = string.Join("\n", lines.Where(l => l.StartsWith("FAILED: ", StringComparison.Ordinal)));
            Assert.True(run.ExitCode == 0 && summary.Contains(" failed=0 ", StringComparison.Ordinal), summary + "\n" + failures + "\n\n" + report);
            // A suite that found no tests (a broken discovery) must not pass as "none failed".
            Assert.True(Count(summary, "passed") >= 50, summary);
            // A test may be skipped only where it cannot run, and then its name says why.
            Assert.All(lines.Where(l => l.StartsWith("SKIPPED: ", StringComparison.Ordinal)), l => Assert.Contains("(skipped: ", l, StringComparison.Ordinal));
        }

        private static int Count(string summary, string name) =>
            int.Parse(summary.Split(' ').Single(p => p.StartsWith(name + "=", StringComparison.Ordinal)).AsSpan(name.Length + 1), CultureInfo.InvariantCulture);
    }
}
