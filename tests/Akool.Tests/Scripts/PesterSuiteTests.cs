using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Scripts
{
    /// <summary>
    /// The Pester suite (tests/Pester, written for a real pwsh 7.6 with Pester 5) run in CI: tests/Akool.PesterHost
    /// embeds the full PowerShell 7.6.9 engine (Microsoft.PowerShell.SDK) with Pester 5.9.1 from NuGet, in a process of
    /// its own as pwsh would be. It is started from its native executable, so that the suite's tests that start a child
    /// pwsh can start it again as pwsh (given pwsh's arguments it runs pwsh's console host).
    /// </summary>
    public sealed class PesterSuiteTests
    {
        /// <summary>The host's native executable as built for this configuration and framework (target BuildPesterHost).</summary>
        private static string PesterHost
        {
            get
            {
                string built = Path.GetRelativePath(Path.Combine(RepositoryPaths.Root, "tests", "Akool.Tests"), AppContext.BaseDirectory);
                string name = OperatingSystem.IsWindows() ? "Akool.PesterHost.exe" : "Akool.PesterHost";
                return Path.Combine(RepositoryPaths.Root, "tests", "Akool.PesterHost", built, name);
            }
        }

        [Fact]
        public async Task ThePesterSuitePasses()
        {
            Assert.True(File.Exists(PesterHost), "not built: " + PesterHost);

            ProcessStartInfo start = ChildProcess.ProgramStartInfo(PesterHost);
            start.ArgumentList.Add(RepositoryPaths.Root);
            ChildResult run = await ChildProcess.RunAsync(start, TimeSpan.FromMinutes(8));

            string report = run.StandardOutput + run.StandardError;
            string summary = report.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("PESTER ", StringComparison.Ordinal))
                ?? throw new Xunit.Sdk.XunitException("The Pester suite gave no summary:\n" + report);
            string failures = string.Join("\n", report.Split('\n').Where(l => l.StartsWith("FAILED: ", StringComparison.Ordinal) || l.StartsWith("ERROR: ", StringComparison.Ordinal)));
            Assert.True(run.ExitCode == 0 && summary.Contains(" failed=0 ", StringComparison.Ordinal), summary + "\n" + failures + "\n\n" + report);
            // A suite that found no tests (a broken discovery) must not pass as "none failed".
            int passed = int.Parse(summary.Split(' ').Single(p => p.StartsWith("passed=", StringComparison.Ordinal)).AsSpan("passed=".Length), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(passed >= 50, summary);
        }
    }
}
