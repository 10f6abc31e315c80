using System;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace Akool.PesterHost
{
    /// <summary>
    /// Runs the Pester suite of the repository (tests/Pester) in PowerShell embedded here, prints Pester's report as it
    /// goes, then one summary line <c>PESTER passed=N failed=N skipped=N</c> and a <c>FAILED:</c> line per failed test.
    /// Exits 0 when none failed, 1 when some did, 2 when the suite could not run.
    /// Started with pwsh's own arguments (<c>-NoProfile ...</c>), it is pwsh instead: the same engine behind the same
    /// console host pwsh runs (<see cref="Microsoft.PowerShell.ConsoleShell"/>). The suite's tests that start a child
    /// pwsh start this program so, from its native executable.
    /// </summary>
    internal static class Program
    {
        // Run by PowerShell: imports the Pester module copied beside this program and runs the suite with PassThru.
        private const string RunSuite = @"
param([string] $PesterManifest, [string] $SuitePath)
Import-Module $PesterManifest -ErrorAction Stop
$configuration = New-PesterConfiguration
$configuration.Run.Path = $SuitePath
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$result = Invoke-Pester -Configuration $configuration
'PESTER passed={0} failed={1} skipped={2}' -f $result.PassedCount, $result.FailedCount, $result.SkippedCount
foreach ($test in $result.Failed) {
    $message = if ($test.ErrorRecord) { ($test.ErrorRecord | Select-Object -First 1).ToString() } else { 'no error record' }
    'FAILED: {0} :: {1}' -f $test.ExpandedPath, ($message -replace '\s+', ' ')
}
foreach ($container in $result.Containers | Where-Object Result -eq 'Failed') {
    if ($container.ErrorRecord) { 'FAILED: (setup of {0}) :: {1}' -f $container.Item, (($container.ErrorRecord | Select-Object -First 1).ToString() -replace '\s+', ' ') }
}
";

        /// <param name="args">The repository's root (by default the folder above this program's that holds Akool.sln); or pwsh's arguments.</param>
        private static int Main(string[] args)
        {
            if (args.Length > 0 && args[0].StartsWith("-", StringComparison.Ordinal)) return Microsoft.PowerShell.ConsoleShell.Start(null, null, args);

            string? root = args.Length > 0 ? Path.GetFullPath(args[0]) : FindRepositoryRoot(AppContext.BaseDirectory);
            if (root == null)
            {
                Console.Error.WriteLine("Akool.sln not found above " + AppContext.BaseDirectory + "; pass the repository's root.");
                return 2;
            }

            // Started by the tests, after the build of everything the suite uses; it would otherwise build it again itself.
            Environment.SetEnvironmentVariable("AKOOL_PESTER_SKIP_BUILD", "1");
            string pester = Path.Combine(AppContext.BaseDirectory, "Pester", "Pester.psd1");
            using PowerShell shell = PowerShell.Create(InitialSessionState.CreateDefault2());
            // Write-Host and Pester's report arrive as information records: shown as they come, as a console would.
            shell.Streams.Information.DataAdded += (sender, e) => Console.WriteLine(shell.Streams.Information[e.Index].MessageData);
            shell.AddScript(RunSuite).AddParameter("PesterManifest", pester).AddParameter("SuitePath", Path.Combine(root, "tests", "Pester"));
            Collection<PSObject> lines;
            try
            {
                lines = shell.Invoke();
            }
            catch (RuntimeException ex)
            {
                Console.Error.WriteLine("The Pester suite could not run: " + ex.Message);
                return 2;
            }

            bool passed = false;
            foreach (PSObject line in lines)
            {
                string text = line.ToString();
                Console.WriteLine(text);
                if (text.StartsWith("PESTER ", StringComparison.Ordinal)) passed = text.Contains(" failed=0 ", StringComparison.Ordinal);
            }
            foreach (ErrorRecord error in shell.Streams.Error) Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "ERROR: {0}", error));
            return passed ? 0 : 1;
        }

        private static string? FindRepositoryRoot(string start)
        {
            for (DirectoryInfo? folder = new DirectoryInfo(start); folder != null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Akool.sln"))) return folder.FullName;
            }
            return null;
        }
    }
}
