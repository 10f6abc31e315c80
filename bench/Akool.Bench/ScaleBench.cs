using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Akool.Emulator;
using static Akool.Bench.Report;

namespace Akool.Bench
{
    /// <summary>
    /// (g) Scale (issue 14), on request only (--only g): N rows through New | Wait | Save with a journal, against the
    /// in-process emulator (no latency, short processing, small videos). Wall time against the emulator's own span
    /// (first create to last create) + processing; peak working set of the whole process (module, emulator, rows);
    /// status polls per video; the status-request rate Wait-AkoolVideo kept.
    /// </summary>
    internal sealed class ScaleBench
    {
        private const int VideoBytes = 1024;
        private readonly BenchOptions _options;

        public ScaleBench(BenchOptions options) => _options = options;

        public async Task RunAsync(Report report)
        {
            int rows = _options.ScaleRows;
            TimeSpan processing = TimeSpan.FromSeconds(_options.ScaleProcessingSeconds);
            double rate = _options.ScaleRate;
            Console.WriteLine(Invariant($"(g) scale: {rows} rows, processing {processing.TotalSeconds:0.#} s, -MaximumRequestRate {rate:0.#} ..."));
            await using AkoolEmulator emulator = await EmulatorFactory.StartAsync(TimeSpan.Zero, TimeSpan.Zero, processing, VideoBytes);
            using BenchSession session = BenchSession.Start();
            session.Connect(emulator.BaseUri, emulator.Options.ApiKey);
            string folder = Path.Combine(Path.GetTempPath(), "akool-bench-scale-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                session.Run(BenchSession.RowsScript(rows)).ThrowOnErrors("making the rows");
                ModuleState.ForgetSeenVideos();
                var variables = new Dictionary<string, object?> { ["folder"] = folder, ["journal"] = Path.Combine(folder, "journal.jsonl"), ["rate"] = rate };
                ScriptRun run;
                long baseline, growth;
                using (WorkingSetSampler sampler = WorkingSetSampler.Start())
                {
                    run = session.Run("$rows | New-AkoolTalkingPhoto -JournalPath $journal | Wait-AkoolVideo -MaximumRequestRate $rate | Save-AkoolVideo -Destination $folder | Out-Null", variables);
                    baseline = sampler.Baseline;
                    growth = sampler.Growth;
                }
                int saved = Directory.GetFiles(folder, "*.mp4").Length;
                IReadOnlyList<EmulatedJob> jobs = emulator.Jobs;
                if (jobs.Count == 0) throw new InvalidOperationException("(g) made no video: " + string.Join(" | ", run.Errors.Take(3)));
                var status = emulator.Requests.Where(r => r.Endpoint == EmulatorEndpoints.Status).Select(r => r.Time).OrderBy(t => t).ToArray();
                DateTimeOffset first = jobs.Min(j => j.CreatedAt), last = jobs.Max(j => j.CreatedAt);
                TimeSpan ideal = last - first + processing;
                double pollsPerVideo = (double)status.Length / Math.Max(1, jobs.Count);
                double meanRate = status.Length < 2 ? 0 : status.Length / (status[^1] - status[0]).TotalSeconds;
                int busiest = BusiestSecond(status);
                long journalBytes = new FileInfo(Path.Combine(folder, "journal.jsonl")).Length;
                report.Add(new ResultRow("g", Invariant($"{rows} rows, New -JournalPath | Wait -MaximumRequestRate {rate:0.#} | Save, processing {processing.TotalSeconds:0.#} s, {VideoBytes} B videos; {saved} saved, {run.Errors.Count} errors"),
                    Seconds(run.Elapsed), Invariant($"emulator's span {(last - first).TotalSeconds:0.00} s + processing = {ideal.TotalSeconds:0.00} s"), Ratio(run.Elapsed / ideal), "≤ 1.10×", Verdict(run.Elapsed <= ideal * 1.10 && run.Errors.Count == 0 && saved == rows)));
                report.Add(new ResultRow("g", Invariant($"Same: peak working-set growth of the process (module + emulator + rows), above {baseline / 1048576.0:0} MiB"), Invariant($"{growth / 1048576.0:0} MiB"),
                    Invariant($"{(double)growth / rows / 1024:0.0} KiB per row"), string.Empty, "< 500 MiB at 100,000 rows", Verdict(growth * (100_000.0 / rows) < 500 * 1048576.0)));
                report.Add(new ResultRow("g", "Same: status polls per video", Invariant($"{pollsPerVideo:0.0}"), Invariant($"{status.Length} polls"), string.Empty, "(see the text)", string.Empty));
                report.Add(new ResultRow("g", "Same: status-request rate at the emulator", Invariant($"mean {meanRate:0.0}/s, busiest second {busiest}"), rate > 0 ? Invariant($"ceiling {rate:0.#}/s") : "no ceiling (-MaximumRequestRate 0)", string.Empty, rate > 0 ? "≤ ceiling" : "(information)", rate > 0 ? Verdict(busiest <= rate + 1) : string.Empty));
                if (run.Errors.Count > 0) report.Detail("(g) the first error", new[] { run.Errors[0] });
                report.Detail("(g) the journal", new[] { Invariant($"{journalBytes / 1048576.0:0.0} MiB for {rows} rows ({(double)journalBytes / rows:0} bytes per row)") });
            }
            finally
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                    // A temp folder left behind is harmless.
                }
            }
        }

        /// <summary>The most requests in any one-second window starting at a request.</summary>
        internal static int BusiestSecond(DateTimeOffset[] sorted)
        {
            int best = 0;
            int end = 0;
            for (int start = 0; start < sorted.Length; start++)
            {
                while (end < sorted.Length && sorted[end] < sorted[start] + TimeSpan.FromSeconds(1)) end++;
                best = Math.Max(best, end - start);
            }
            return best;
        }
    }
}
