using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using static Akool.Bench.Report;

namespace Akool.Bench
{
    /// <summary>
    /// (e) Import-Module out/Akool/Akool.psd1 in a fresh runspace: in this process (assembly already loaded, the
    /// usual case of a second runspace) and in a fresh process (what a new pwsh session pays), medians.
    /// </summary>
    internal sealed class ImportBench
    {
        private readonly BenchOptions _options;

        public ImportBench(BenchOptions options) => _options = options;

        /// <summary>The child process's whole job: open a runspace, time one Import-Module, print milliseconds.</summary>
        public static int Probe(string manifest)
        {
            using BenchSession session = BenchSession.Start(import: false);
            ScriptRun run = session.Run("Import-Module $manifest -ErrorAction Stop", new Dictionary<string, object?> { ["manifest"] = manifest }).ThrowOnErrors("Import-Module");
            Console.WriteLine(run.Elapsed.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture));
            return 0;
        }

        public Task RunAsync(Report report)
        {
            Console.WriteLine(Invariant($"(e) Import-Module, {_options.ColdImportRuns} fresh processes and {_options.ImportRuns} fresh runspaces ..."));
            var cold = new List<double>();
            for (int i = 0; i < _options.ColdImportRuns; i++) cold.Add(ProbeInChild());

            var warm = new List<double>();
            for (int i = 0; i < _options.ImportRuns; i++)
            {
                using BenchSession session = BenchSession.Start(import: false);
                warm.Add(session.Run("Import-Module $manifest -ErrorAction Stop", new Dictionary<string, object?> { ["manifest"] = BenchSession.StagedManifest }).ThrowOnErrors("Import-Module").Elapsed.TotalMilliseconds);
            }

            report.Add(new ResultRow("e", Invariant($"Import-Module in a fresh runspace of a fresh process (median of {cold.Count})"), Invariant($"{Stats.Median(cold):0} ms"), Invariant($"min {cold.Min():0} ms, max {cold.Max():0} ms"), string.Empty, "(information)", string.Empty));
            report.Add(new ResultRow("e", Invariant($"Import-Module in a fresh runspace of a process that imported it before (median of {warm.Count})"), Invariant($"{Stats.Median(warm):0} ms"), Invariant($"min {warm.Min():0} ms, max {warm.Max():0} ms"), string.Empty, "(information)", string.Empty));
            return Task.CompletedTask;
        }

        private static double ProbeInChild()
        {
            string self = Environment.ProcessPath ?? throw new InvalidOperationException("No process path to start the import probe with.");
            var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            if (self.EndsWith("dotnet", StringComparison.OrdinalIgnoreCase) || self.EndsWith("dotnet.exe", StringComparison.OrdinalIgnoreCase))
            {
                start.ArgumentList.Add(typeof(ImportBench).Assembly.Location);
            }

            start.ArgumentList.Add("--probe-import");
            start.ArgumentList.Add(BenchSession.StagedManifest);
            using Process child = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + self);
            Task<string> error = child.StandardError.ReadToEndAsync();
            string output = child.StandardOutput.ReadToEnd();
            child.WaitForExit();
            if (child.ExitCode != 0) throw new InvalidOperationException("The import probe failed: " + error.Result);
            string last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
            return double.Parse(last, CultureInfo.InvariantCulture);
        }
    }
}
