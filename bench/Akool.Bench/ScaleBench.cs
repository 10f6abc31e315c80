using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using static Akool.Bench.Report;

namespace Akool.Bench
{
    /// <summary>
    /// (g) Scale, on request only (--only g): N rows through New | Wait | Save with a journal, against the
    /// emulator run as its own process (no latency, short processing, small videos), so that this process holds what
    /// a user's pwsh would: the module, the pipeline, the rows in flight (made one at a time as the pipeline pulls them,
    /// as Import-Csv reads a file). Wall time against the emulator's own span (first create to last create) +
    /// processing; this process's peak working set (absolute, and growth above a baseline taken before the run) and
    /// the emulator's apart; status polls per video; the status-request rate
    /// Wait-AkoolVideo kept, as the emulator saw it (its read-out, GET /_emulator/stats).
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
            Console.WriteLine(Invariant($"(g) scale: {rows} rows, processing {processing.TotalSeconds:0.#} s, -MaximumRequestRate {rate:0.#}, emulator out of process ..."));
            await using EmulatorProcess emulator = await EmulatorProcess.StartAsync(processing, VideoBytes);
            Console.WriteLine(Invariant($"(g) bench process {Environment.ProcessId}, emulator process {emulator.Id}"));
            using BenchSession session = BenchSession.Start();
            session.Connect(emulator.BaseUri, emulator.ApiKey);
            string folder = Path.Combine(Path.GetTempPath(), "akool-bench-scale-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                var variables = new Dictionary<string, object?> { ["folder"] = folder, ["journal"] = Path.Combine(folder, "journal.jsonl"), ["rate"] = rate };
                ScriptRun run;
                long baseline, growth, heapBefore;
                HeapSampler heap;
                using (WorkingSetSampler sampler = WorkingSetSampler.Start())
                using (heap = HeapSampler.Start())
                {
                    heapBefore = GC.GetTotalMemory(forceFullCollection: false);
                    run = session.Run(BenchSession.RowsPipeline(rows) + " | New-AkoolTalkingPhoto -JournalPath $journal | Wait-AkoolVideo -MaximumRequestRate $rate | Save-AkoolVideo -Destination $folder | Out-Null", variables);
                    baseline = sampler.Baseline;
                    growth = sampler.Growth;
                }
                long heapAfter = GC.GetTotalMemory(forceFullCollection: true);
                JsonElement stats = await emulator.StatsAsync();
                long emulatorPeak = emulator.PeakWorkingSet;
                int saved = Directory.GetFiles(folder, "*.mp4").Length;
                int jobs = stats.GetProperty("jobs").GetInt32();
                if (jobs == 0) throw new InvalidOperationException("(g) made no video: " + string.Join(" | ", run.Errors.Take(3)));
                DateTimeOffset first = stats.GetProperty("firstCreate").GetDateTimeOffset(), last = stats.GetProperty("lastCreate").GetDateTimeOffset();
                int statusCount = stats.GetProperty("statusRequests").GetInt32();
                TimeSpan statusSpan = statusCount < 2 ? TimeSpan.Zero : stats.GetProperty("lastStatus").GetDateTimeOffset() - stats.GetProperty("firstStatus").GetDateTimeOffset();
                TimeSpan span = last - first;
                TimeSpan ideal = span + processing;
                double pollsPerVideo = (double)statusCount / Math.Max(1, jobs);
                double meanRate = statusSpan <= TimeSpan.Zero ? 0 : statusCount / statusSpan.TotalSeconds;
                int busiest = stats.GetProperty("busiestStatusSecond").GetInt32();
                long journalBytes = new FileInfo(Path.Combine(folder, "journal.jsonl")).Length;
                const double MiB = 1048576.0;
                report.Add(new ResultRow("g", Invariant($"{rows:N0} rows, New -JournalPath | Wait -MaximumRequestRate {rate:0.#} | Save, processing {processing.TotalSeconds:0.#} s, {VideoBytes} B videos, emulator out of process; {saved:N0} saved, {run.Errors.Count} errors"),
                    Seconds(run.Elapsed), Invariant($"emulator's span {span.TotalSeconds:0.00} s + processing = {ideal.TotalSeconds:0.00} s"), Ratio(run.Elapsed / ideal), "≤ 1.10×", Verdict(run.Elapsed <= ideal * 1.10 && run.Errors.Count == 0 && saved == rows)));
                report.Add(new ResultRow("g", "Same: submit rate (jobs the emulator made over its span)", Invariant($"{jobs / Math.Max(0.001, span.TotalSeconds):0} rows/s"), Invariant($"{jobs:N0} jobs"), string.Empty, "(information)", string.Empty));
                report.Add(new ResultRow("g", Invariant($"Same: peak working set of the module's process (PowerShell engine, module, pipeline, rows in flight; no emulator)"), Invariant($"{(baseline + growth) / MiB:0} MiB"),
                    Invariant($"baseline {baseline / MiB:0} MiB before the run; growth {growth / MiB:0} MiB = {(double)growth / rows:0} bytes per row"), string.Empty, "< 500 MiB", Verdict(baseline + growth < 500 * MiB && growth * (100_000.0 / rows) < 500 * MiB)));
                report.Add(new ResultRow("g", "Same: status polls per video", Invariant($"{pollsPerVideo:0.0}"), Invariant($"{statusCount:N0} polls"), string.Empty, processing == TimeSpan.FromSeconds(10) ? "≤ 10" : "(≤ 10 at 10 s)", processing == TimeSpan.FromSeconds(10) ? Verdict(pollsPerVideo <= 10) : string.Empty));
                report.Add(new ResultRow("g", "Same: status-request rate at the emulator", Invariant($"mean {meanRate:0.0}/s, busiest second {busiest}"), rate > 0 ? Invariant($"ceiling {rate:0.#}/s") : "no ceiling (-MaximumRequestRate 0)", string.Empty, rate > 0 ? "≤ ceiling" : "(information)", rate > 0 ? Verdict(busiest <= rate + 1) : string.Empty));
                report.Add(new ResultRow("g", "Same: the emulator's own process (job table, request log), peak working set", Invariant($"{emulatorPeak / MiB:0} MiB"), string.Empty, string.Empty, "(information)", string.Empty));
                if (run.Errors.Count > 0) report.Detail("(g) the first error", new[] { run.Errors[0] });
                report.Detail("(g) the journal and the managed heap", new[]
                {
                    Invariant($"journal: {journalBytes / MiB:0.0} MiB for {rows:N0} rows ({(double)journalBytes / rows:0} bytes per row)"),
                    Invariant($"managed heap of the module's process: {heapBefore / MiB:0} MiB before the run, {heapAfter / MiB:0} MiB after it (full collection): {(double)(heapAfter - heapBefore) / rows:0} bytes per row kept after the pipeline ended"),
                    Invariant($"managed heap during the run, as the last collection left it (live objects and fragmentation): peak {heap.PeakHeap / MiB:0} MiB = {(double)(heap.PeakHeap - heapBefore) / rows:0} bytes per row above the heap before the run; {heap.Collections} collections (gen2: {heap.Gen2Collections}); peak {heap.PeakThreads} threads"),
                    Invariant($"the heap at that peak, by generation: {heap.PeakGenerations}"),
                });
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

        /// <summary>
        /// Samples, every 50 ms, the managed heap as the last garbage collection left it (live objects plus
        /// fragmentation, the part of the working set the module's objects make) and the thread count.
        /// </summary>
        private sealed class HeapSampler : IDisposable
        {
            private readonly Thread _thread;
            private readonly ManualResetEventSlim _stop = new ManualResetEventSlim();
            private readonly int _gen0, _gen2;

            private HeapSampler()
            {
                _gen0 = GC.CollectionCount(0);
                _gen2 = GC.CollectionCount(2);
                _thread = new Thread(Sample) { IsBackground = true, Name = "heap sampler" };
                _thread.Start();
            }

            public long PeakHeap { get; private set; }

            /// <summary>At the peak: each generation's size and fragmentation after that collection (gen0, gen1, gen2, LOH, POH).</summary>
            public string PeakGenerations { get; private set; } = string.Empty;

            public int PeakThreads { get; private set; }

            public int Collections { get; private set; }

            public int Gen2Collections { get; private set; }

            public static HeapSampler Start() => new HeapSampler();

            public void Dispose()
            {
                if (_stop.IsSet) return;
                _stop.Set();
                _thread.Join();
                Collections = GC.CollectionCount(0) - _gen0;
                Gen2Collections = GC.CollectionCount(2) - _gen2;
            }

            private void Sample()
            {
                int tick = 0;
                do
                {
                    GCMemoryInfo info = GC.GetGCMemoryInfo(GCKind.Any);
                    if (info.HeapSizeBytes > PeakHeap)
                    {
                        PeakHeap = info.HeapSizeBytes;
                        PeakGenerations = string.Join(", ", info.GenerationInfo.ToArray().Select((g, i) =>
                            Invariant($"{(i < 3 ? "gen" + i : i == 3 ? "LOH" : "POH")} {g.SizeAfterBytes / 1048576.0:0} MiB ({g.FragmentationAfterBytes / 1048576.0:0} free)")))
                            + Invariant($"; after a gen{info.Generation} collection");
                    }
                    if (tick++ % 10 == 0)
                    {
                        using Process self = Process.GetCurrentProcess();
                        if (self.Threads.Count > PeakThreads) PeakThreads = self.Threads.Count;
                    }
                }
                while (!_stop.Wait(50));
            }
        }
    }
}
