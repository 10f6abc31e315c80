using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Akool.Emulator;
using static Akool.Bench.Report;

namespace Akool.Bench
{
    /// <summary>
    /// (d) Saving one large video (1 GiB by default; the emulator generates the bytes on the fly): Save-AkoolVideo
    /// against a plain HttpClient stream copy into a file, throughput and peak working-set growth of this process.
    /// </summary>
    internal sealed class LargeSaveBench
    {
        private readonly BenchOptions _options;

        public LargeSaveBench(BenchOptions options) => _options = options;

        public async Task RunAsync(Report report)
        {
            long size = _options.LargeBytes;
            double mib = size / 1048576.0;
            Console.WriteLine(Invariant($"(d) saving a {mib:0} MiB video, {_options.LargeRepeats} repeat(s) each way ..."));
            await using AkoolEmulator emulator = await EmulatorFactory.StartAsync(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, size);
            string folder = Path.Combine(Path.GetTempPath(), "akool-bench-large-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                using BenchSession session = BenchSession.Start();
                session.Connect(emulator.BaseUri, emulator.Options.ApiKey);
                session.Run("$video = New-AkoolTalkingPhoto -TalkingPhotoUrl https://img.example.com/big.jpg -AudioUrl https://audio.example.com/big.mp3 -Name big | Wait-AkoolVideo -PollInterval 0.2")
                    .ThrowOnErrors("making the large video");
                string id = emulator.Jobs.Single().Id;
                string url = EmulatorFactory.VideoUri(emulator, id).AbsoluteUri;
                using var raw = new RawAkool(emulator.BaseUri, emulator.Options.ApiKey);
                string rawFile = Path.Combine(folder, "raw.mp4");
                string moduleFile = Path.Combine(folder, "big.mp4");

                var rawRuns = new List<(TimeSpan Time, long Growth)>();
                var moduleRuns = new List<(TimeSpan Time, long Growth)>();
                for (int repeat = 0; repeat < _options.LargeRepeats; repeat++)
                {
                    // Alternate which goes first, so page-cache write-back from the previous file hurts both alike.
                    for (int i = 0; i < 2; i++)
                    {
                        if ((i + repeat) % 2 == 0)
                        {
                            rawRuns.Add(await MeasureAsync(async () =>
                            {
                                long bytes = await raw.DownloadAsync(url, rawFile);
                                if (bytes != size) throw new InvalidOperationException("HttpClient saved " + bytes + " bytes");
                            }));
                            File.Delete(rawFile);
                        }
                        else
                        {
                            moduleRuns.Add(await MeasureAsync(() =>
                            {
                                session.Run("$video | Save-AkoolVideo -Destination $folder", new Dictionary<string, object?> { ["folder"] = folder }).ThrowOnErrors("Save-AkoolVideo");
                                if (new FileInfo(moduleFile).Length != size) throw new InvalidOperationException("Save-AkoolVideo saved " + new FileInfo(moduleFile).Length + " bytes");
                                return Task.CompletedTask;
                            }));
                            File.Delete(moduleFile);
                        }
                    }
                }

                // Best of the interleaved runs: on a shared machine the slow runs measure the neighbours, not the code.
                double rawSpeed = mib / rawRuns.Min(r => r.Time).TotalSeconds;
                double moduleSpeed = mib / moduleRuns.Min(r => r.Time).TotalSeconds;
                double rawMedian = mib / Stats.Median(rawRuns.Select(r => r.Time)).TotalSeconds;
                double moduleMedian = mib / Stats.Median(moduleRuns.Select(r => r.Time)).TotalSeconds;
                double rawGrowth = rawRuns.Max(r => r.Growth) / 1048576.0;
                double moduleGrowth = moduleRuns.Max(r => r.Growth) / 1048576.0;
                report.Add(new ResultRow("d", Invariant($"Save-AkoolVideo, one {mib:0} MiB video: throughput, best of {_options.LargeRepeats} (median)"), Invariant($"{moduleSpeed:0} MiB/s ({moduleMedian:0})"),
                    Invariant($"HttpClient CopyToAsync to a file: {rawSpeed:0} MiB/s ({rawMedian:0})"), Ratio(moduleSpeed / rawSpeed) + Invariant($" ({moduleMedian / rawMedian:0.00}×)"), "≥ 0.9×", Verdict(moduleSpeed / rawSpeed >= 0.9)));
                report.Add(new ResultRow("d", "Save-AkoolVideo: peak working-set growth during the save (worst run)", Invariant($"{moduleGrowth:0.0} MiB"),
                    Invariant($"HttpClient: {rawGrowth:0.0} MiB"), string.Empty, "< 64 MiB", Verdict(moduleGrowth < 64)));
                report.Detail(Invariant($"(d) each run, {mib:0} MiB"), rawRuns.Select((r, i) => Invariant($"HttpClient run {i + 1}: {r.Time.TotalSeconds:0.00} s, {mib / r.Time.TotalSeconds:0} MiB/s, +{r.Growth / 1048576.0:0.0} MiB"))
                    .Concat(moduleRuns.Select((r, i) => Invariant($"Save-AkoolVideo run {i + 1}: {r.Time.TotalSeconds:0.00} s, {mib / r.Time.TotalSeconds:0} MiB/s, +{r.Growth / 1048576.0:0.0} MiB")))
                    .Append("working set = this process's resident memory (the emulator serving the bytes included, in both cases alike), sampled every 20 ms from a baseline taken after a full GC"));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        private static async Task<(TimeSpan, long)> MeasureAsync(Func<Task> save)
        {
            using WorkingSetSampler sampler = WorkingSetSampler.Start();
            var clock = Stopwatch.StartNew();
            await save();
            TimeSpan elapsed = clock.Elapsed;
            sampler.Dispose();
            return (elapsed, sampler.Growth);
        }
    }
}
