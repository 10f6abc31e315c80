using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace Akool.Bench
{
    /// <summary>The module's benchmark: see docs/performance.md for what each measurement means.</summary>
    internal static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            BenchOptions options;
            try
            {
                options = BenchOptions.Parse(args);
            }
            catch (ArgumentException ex)
            {
                if (ex.Message.Length > 0) Console.Error.WriteLine(ex.Message);
                Console.Error.WriteLine(BenchOptions.Usage);
                return ex.Message.Length > 0 ? 2 : 0;
            }

            if (options.ProbeImportManifest != null) return ImportBench.Probe(options.ProbeImportManifest);

            Console.WriteLine("Akool module benchmark; module: " + BenchSession.StagedManifest);
            var clock = Stopwatch.StartNew();
            var report = new Report();
            var oneLiner = new OneLinerBench(options);
            if (options.Only.Contains('a')) await oneLiner.RunAsync(report);
            if (options.Only.Contains('b')) await new SequentialBench(options, oneLiner).RunAsync(report);
            if (options.Only.Contains('d')) await new LargeSaveBench(options).RunAsync(report);
            if (options.Only.Contains('e')) await new ImportBench(options).RunAsync(report);
            if (options.Only.Contains('f')) await new SingleCallBench(options).RunAsync(report);
            if (options.Only.Contains('g')) await new ScaleBench(options).RunAsync(report);

            string markdown = report.Render(options, clock.Elapsed);
            Console.WriteLine();
            Console.WriteLine(markdown);
            if (options.Out != null)
            {
                File.WriteAllText(options.Out, markdown);
                Console.WriteLine("Written to " + Path.GetFullPath(options.Out));
            }

            return 0;
        }
    }
}
