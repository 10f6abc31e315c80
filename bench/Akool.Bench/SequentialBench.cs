using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Akool.Emulator;
using static Akool.Bench.Report;

namespace Akool.Bench
{
    /// <summary>
    /// (b) The batch as a user scripts it without the module: for each row, create, ask every 5 s until done,
    /// download, then the next row. Measured over a few rows and extrapolated to N (every row costs the same).
    /// </summary>
    internal sealed class SequentialBench
    {
        private static readonly TimeSpan ScriptPollInterval = TimeSpan.FromSeconds(5);
        private readonly BenchOptions _options;
        private readonly OneLinerBench _oneLiner;

        public SequentialBench(BenchOptions options, OneLinerBench oneLiner)
        {
            _options = options;
            _oneLiner = oneLiner;
        }

        public async Task RunAsync(Report report)
        {
            int measured = _options.SequentialRows;
            int target = _options.SpeedUpRows;
            Console.WriteLine(Invariant($"(b) sequential create / poll every 5 s / download, {measured} row(s) ..."));
            TimeSpan elapsed;
            await using (AkoolEmulator emulator = await EmulatorFactory.StartAsync(_options.Latency, _options.Queue, _options.Processing))
            using (var raw = new RawAkool(emulator.BaseUri, emulator.Options.ApiKey))
            {
                string folder = Path.Combine(Path.GetTempPath(), "akool-bench-seq-" + Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(folder);
                try
                {
                    var clock = Stopwatch.StartNew();
                    for (int row = 1; row <= measured; row++)
                    {
                        string id = await raw.CreateAsync(row);
                        while (true)
                        {
                            (int status, string? url) = await raw.StatusAsync(id);
                            if (status == 3)
                            {
                                await raw.DownloadAsync(url!, Path.Combine(folder, id + ".mp4"));
                                break;
                            }

                            if (status == 4) throw new InvalidOperationException("video " + id + " failed");
                            await Task.Delay(ScriptPollInterval);
                        }
                    }

                    elapsed = clock.Elapsed;
                }
                finally
                {
                    Directory.Delete(folder, recursive: true);
                }
            }

            TimeSpan perRow = elapsed / measured;
            TimeSpan extrapolated = perRow * target;
            bool isExtrapolated = measured != target;
            OneLinerResult module = await _oneLiner.MeasureAsync(target, null);
            if (module.Failure != null) throw new InvalidOperationException("The one-liner failed, so (b) has no module time: " + module.Failure);
            double speedUp = extrapolated.TotalSeconds / module.Wall.TotalSeconds;
            report.Add(new ResultRow(
                "b",
                Invariant($"Sequential script (HttpClient; create, poll every 5 s, download, next row), N = {target}") + (isExtrapolated ? Invariant($": {measured} rows measured ({Seconds(elapsed)}, {perRow.TotalSeconds:0.00} s/row) × {target / (double)measured:0.#}") : string.Empty),
                Seconds(extrapolated) + (isExtrapolated ? " (extrapolated)" : string.Empty),
                "one-liner, default polling " + Seconds(module.Wall),
                Invariant($"{speedUp:0.0}× faster"),
                "≥ 20× faster",
                Verdict(speedUp >= 20)));

            OneLinerResult tuned = await _oneLiner.MeasureAsync(target, _options.PollInterval);
            if (tuned.Failure != null) throw new InvalidOperationException("The one-liner failed, so (b) has no module time: " + tuned.Failure);
            report.Add(new ResultRow(
                "b",
                Invariant($"Same, against the one-liner with {OneLinerBench.Describe(_options.PollInterval)}, N = {target}"),
                Seconds(extrapolated) + (isExtrapolated ? " (extrapolated)" : string.Empty),
                "one-liner " + Seconds(tuned.Wall),
                Invariant($"{extrapolated.TotalSeconds / tuned.Wall.TotalSeconds:0.0}× faster"),
                "≥ 20× faster",
                Verdict(extrapolated.TotalSeconds / tuned.Wall.TotalSeconds >= 20)));
            report.Detail("(b) the sequential way, per row", new[]
            {
                Invariant($"{perRow.TotalSeconds:0.000} s per row = create ({_options.LatencyMs:0.#} ms) + waiting in 5 s steps for queue {_options.QueueSeconds:0.##} s + processing {_options.ProcessingSeconds:0.##} s + status polls + download; rows are independent, so N rows take N times as long"),
            });
        }
    }
}
