using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;

namespace Akool.Bench
{
    /// <summary>One line of the results table.</summary>
    internal sealed record ResultRow(string Id, string Measurement, string Result, string Reference, string Ratio, string Target, string Verdict);

    /// <summary>The results table and the per-stage details behind it, rendered as markdown.</summary>
    internal sealed class Report
    {
        private readonly List<ResultRow> _rows = new List<ResultRow>();
        private readonly List<(string Title, List<string> Lines)> _details = new List<(string, List<string>)>();

        public void Add(ResultRow row)
        {
            _rows.Add(row);
            Console.WriteLine("  " + row.Measurement + ": " + row.Result + (row.Ratio.Length > 0 ? " (" + row.Ratio + " vs " + row.Reference + ")" : string.Empty) + (row.Verdict.Length > 0 ? " " + row.Verdict : string.Empty));
        }

        /// <summary>A block of per-stage evidence printed under the table.</summary>
        public void Detail(string title, IEnumerable<string> lines)
        {
            var list = lines.ToList();
            _details.Add((title, list));
            foreach (string line in list) Console.WriteLine("    " + line);
        }

        public string Render(BenchOptions options, TimeSpan total)
        {
            var text = new StringBuilder();
            text.AppendLine("## Results");
            text.AppendLine();
            text.AppendLine(Invariant($"Run {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz} on {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription.Trim()} ({RuntimeInformation.OSArchitecture}), {RuntimeInformation.FrameworkDescription}, PowerShell engine {typeof(System.Management.Automation.PSObject).Assembly.GetName().Version}; the whole run took {total.TotalMinutes:0.0} min."));
            text.AppendLine(Invariant($"Emulator in-process on 127.0.0.1: API latency {options.LatencyMs:0.#} ms per request (none on downloads) for (a) and (b), queue {options.QueueSeconds:0.##} s + processing {options.ProcessingSeconds:0.##} s per video; explicit poll interval {options.PollInterval:0.##} s. (g) has its own emulator in a process of its own.{(options.Quick ? " **--quick run: small N and sizes, not comparable to the targets.**" : string.Empty)}"));
            text.AppendLine();
            text.AppendLine("| # | Measurement | Result | Reference | Ratio | Target | Met? |");
            text.AppendLine("|---|---|---|---|---|---|---|");
            foreach (ResultRow row in _rows)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Id} | {Escape(row.Measurement)} | {Escape(row.Result)} | {Escape(row.Reference)} | {Escape(row.Ratio)} | {Escape(row.Target)} | {Escape(row.Verdict)} |");
            }

            foreach ((string title, List<string> lines) in _details)
            {
                text.AppendLine();
                text.AppendLine("### " + title);
                text.AppendLine();
                foreach (string line in lines) text.AppendLine("- " + line);
            }

            return text.ToString();
        }

        public static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);

        public static string Seconds(TimeSpan value) => Invariant($"{value.TotalSeconds:0.00} s");

        public static string Ratio(double value) => Invariant($"{value:0.00}×");

        public static string Verdict(bool met) => met ? "yes" : "**no**";

        private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal);
    }

    internal static class Stats
    {
        public static double Median(IEnumerable<double> values)
        {
            double[] sorted = values.OrderBy(v => v).ToArray();
            if (sorted.Length == 0) return double.NaN;
            int middle = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }

        public static TimeSpan Median(IEnumerable<TimeSpan> values) => TimeSpan.FromTicks((long)Median(values.Select(v => (double)v.Ticks)));
    }
}
