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
    /// (a) The one-liner <c>$rows | New-AkoolTalkingPhoto | Wait-AkoolVideo | Save-AkoolVideo -Destination $dest</c>
    /// in a hosted runspace, against the ideal: queue + processing + N × latency / throttle + one download.
    /// </summary>
    internal sealed class OneLinerBench
    {
        private const int Throttle = 4; // New-AkoolTalkingPhoto's default -ThrottleLimit
        private readonly BenchOptions _options;
        private readonly Dictionary<(int, double?), OneLinerResult> _cache = new Dictionary<(int, double?), OneLinerResult>();

        public OneLinerBench(BenchOptions options) => _options = options;

        public async Task RunAsync(Report report)
        {
            foreach (int rows in _options.Rows.OrderBy(n => n))
            {
                foreach (double? poll in new double?[] { null, _options.PollInterval })
                {
                    OneLinerResult result = await MeasureAsync(rows, poll);
                    bool targeted = rows == 500;
                    if (result.Failure != null)
                    {
                        report.Add(new ResultRow("a", Invariant($"One-liner, N = {rows}, {Describe(poll)}"), "failed", string.Empty, string.Empty,
                            targeted ? "≤ 1.15× ideal" : "(target at N = 500)", targeted ? Verdict(false) : string.Empty));
                        report.Detail(Invariant($"(a) N = {rows}, {Describe(poll)}: failed"), new[] { result.Failure });
                        continue;
                    }

                    report.Add(new ResultRow(
                        "a",
                        Invariant($"One-liner, N = {rows}, {Describe(poll)}"),
                        Seconds(result.Wall),
                        "ideal " + Seconds(result.Ideal),
                        Ratio(result.Ratio),
                        targeted ? "≤ 1.15× ideal" : "(target at N = 500)",
                        targeted ? Verdict(result.Ratio <= 1.15) : string.Empty));
                    report.Detail(Invariant($"(a) N = {rows}, {Describe(poll)}: where the time goes"), result.Stages);
                }

                if (rows == 500) await MeasureInputCheckAsync(rows, report);
            }
        }

        /// <summary>
        /// The one-liner with the input check on, against the same run with -SkipInputCheck, on the emulator's sample
        /// files with a photo and an audio URL of their own per row (so every row is fetched: the worst case), runs
        /// alternating, 3 of each; the ratio of the medians.
        /// </summary>
        private async Task MeasureInputCheckAsync(int rows, Report report)
        {
            Console.WriteLine(Invariant($"(a) one-liner, N = {rows}, input check on and off ..."));
            await using AkoolEmulator emulator = await EmulatorFactory.StartAsync(_options.Latency, _options.Queue, _options.Processing);
            using BenchSession session = BenchSession.Start();
            session.Connect(emulator.BaseUri, emulator.Options.ApiKey);
            session.Run("$rows = 1..$n | ForEach-Object { [pscustomobject]@{ Name = \"clip$_\"; talking_photo_url = $photo + $_; audio_url = $audio + $_ } }",
                new Dictionary<string, object?> { ["n"] = rows, ["photo"] = emulator.SampleUrl("photo.jpg?row="), ["audio"] = emulator.SampleUrl("audio.mp3?row=") }).ThrowOnErrors("making the rows");
            var times = new Dictionary<bool, List<TimeSpan>> { [false] = new List<TimeSpan>(), [true] = new List<TimeSpan>() };
            for (int i = 0; i < 6; i++)
            {
                bool skip = i % 2 == 1;
                string destination = Path.Combine(Path.GetTempPath(), "akool-bench-" + Guid.NewGuid().ToString("N"));
                ScriptRun run = session.Run("$rows | New-AkoolTalkingPhoto -SkipInputCheck:$skip | Wait-AkoolVideo | Save-AkoolVideo -Destination $dest | Out-Null",
                    new Dictionary<string, object?> { ["skip"] = skip, ["dest"] = destination });
                int files = Directory.Exists(destination) ? Directory.GetFiles(destination, "*.mp4").Length : 0;
                if (files > 0) Directory.Delete(destination, recursive: true);
                if (run.Errors.Count > 0 || files != rows) throw new InvalidOperationException(Invariant($"{files} of {rows} files saved; the first error: {run.Errors.FirstOrDefault()}"));
                times[skip].Add(run.Elapsed);
            }

            TimeSpan on = Stats.Median(times[false]), off = Stats.Median(times[true]);
            double ratio = on.TotalSeconds / off.TotalSeconds;
            report.Add(new ResultRow("a", Invariant($"One-liner, N = {rows}, input check on (a URL per row)"), Seconds(on), "-SkipInputCheck " + Seconds(off), Invariant($"{ratio:0.000}×"), "≤ 1.03×", Verdict(ratio <= 1.03)));
        }

        /// <summary>The one-liner's result for <paramref name="rows"/> rows (measured once, then reused by (b)).</summary>
        public async Task<OneLinerResult> MeasureAsync(int rows, double? pollInterval)
        {
            if (_cache.TryGetValue((rows, pollInterval), out OneLinerResult? known)) return known;

            Console.WriteLine(Invariant($"(a) one-liner, N = {rows}, {Describe(pollInterval)} ..."));
            await using AkoolEmulator emulator = await EmulatorFactory.StartAsync(_options.Latency, _options.Queue, _options.Processing);
            string destination = Path.Combine(Path.GetTempPath(), "akool-bench-" + Guid.NewGuid().ToString("N"));
            try
            {
                ScriptRun run;
                DateTimeOffset start;
                IReadOnlyList<RecordedRequest> requests;
                using (BenchSession session = BenchSession.Start())
                {
                    session.Connect(emulator.BaseUri, emulator.Options.ApiKey);
                    session.Run(BenchSession.RowsScript(rows)).ThrowOnErrors("making the rows");
                    string wait = pollInterval.HasValue ? Invariant($"Wait-AkoolVideo -PollInterval {pollInterval.Value:0.###}") : "Wait-AkoolVideo";
                    string script = "$rows | New-AkoolTalkingPhoto | " + wait + " | Save-AkoolVideo -Destination $dest";
                    start = DateTimeOffset.UtcNow;
                    run = session.Run(script, new Dictionary<string, object?> { ["dest"] = destination });
                    requests = emulator.Requests;
                    int files = Directory.Exists(destination) ? Directory.GetFiles(destination, "*.mp4").Length : 0;
                    if (run.Errors.Count > 0 || run.Output.Count != rows || files != rows)
                    {
                        var failed = new OneLinerResult(run.Elapsed, TimeSpan.Zero, new List<string>(),
                            Invariant($"after {run.Elapsed.TotalSeconds:0.00} s, {files} of {rows} files saved, {run.Errors.Count} error(s); the first: {run.Errors.FirstOrDefault()}"));
                        _cache[(rows, pollInterval)] = failed;
                        return failed;
                    }
                }

                TimeSpan download = await TailDownloadAsync(emulator);
                TimeSpan ideal = _options.Queue + _options.Processing + TimeSpan.FromTicks(_options.Latency.Ticks * rows / Throttle) + download;
                var result = new OneLinerResult(run.Elapsed, ideal, Timeline(emulator.Jobs, requests, start, run.Elapsed, ideal, download));
                _cache[(rows, pollInterval)] = result;
                return result;
            }
            finally
            {
                if (Directory.Exists(destination)) Directory.Delete(destination, recursive: true);
            }
        }

        public static string Describe(double? pollInterval) =>
            pollInterval.HasValue ? Invariant($"-PollInterval {pollInterval.Value:0.##}") : "default polling";

        /// <summary>How long one video takes to download at loopback speed (median of 5, plain HttpClient): the part of the download that cannot overlap processing.</summary>
        private static async Task<TimeSpan> TailDownloadAsync(AkoolEmulator emulator)
        {
            string id = emulator.Jobs[^1].Id;
            string file = Path.GetTempFileName();
            try
            {
                using var raw = new RawAkool(emulator.BaseUri, emulator.Options.ApiKey);
                var times = new List<TimeSpan>();
                for (int i = 0; i < 6; i++)
                {
                    var clock = Stopwatch.StartNew();
                    await raw.DownloadAsync(EmulatorFactory.VideoUri(emulator, id).AbsoluteUri, file);
                    if (i > 0) times.Add(clock.Elapsed); // the first pays for the connection
                }

                return Stats.Median(times);
            }
            finally
            {
                File.Delete(file);
            }
        }

        /// <summary>The stages of the run, from the emulator's own records of jobs and requests.</summary>
        private List<string> Timeline(IReadOnlyList<EmulatedJob> jobs, IReadOnlyList<RecordedRequest> allRequests, DateTimeOffset start, TimeSpan wall, TimeSpan ideal, TimeSpan download)
        {
            var requests = allRequests.Where(r => r.Time >= start).ToList();
            var polls = requests.Where(r => r.Endpoint == EmulatorEndpoints.Status)
                .GroupBy(r => r.Path.Substring(r.Path.IndexOf("video_model_id=", StringComparison.Ordinal) + "video_model_id=".Length))
                .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Time).ToList());
            var downloads = requests.Where(r => r.Endpoint == EmulatorEndpoints.Download).ToList();

            // A status answer reflects the job at arrival + latency (the emulator sleeps before it looks).
            var lags = new List<double>();
            var pollCounts = new List<int>();
            DateTimeOffset lastSeen = start;
            foreach (EmulatedJob job in jobs)
            {
                if (!polls.TryGetValue(job.Id, out var list) || list.Count == 0) continue;
                DateTimeOffset seen = list[^1].Time + _options.Latency;
                lags.Add((seen - job.CompletesAt).TotalSeconds);
                pollCounts.Add(list.Count);
                if (seen > lastSeen) lastSeen = seen;
            }

            DateTimeOffset lastCreate = jobs.Max(j => j.CreatedAt);
            DateTimeOffset lastCompletion = jobs.Max(j => j.CompletesAt);
            DateTimeOffset lastDownload = downloads.Count == 0 ? start : downloads.Max(r => r.Time);
            double Since(DateTimeOffset t) => (t - start).TotalSeconds;
            double meanLag = lags.Count == 0 ? 0 : lags.Average();
            double maxLag = lags.Count == 0 ? 0 : lags.Max();
            return new List<string>
            {
                Invariant($"creates: {jobs.Count}, the last made at {Since(lastCreate):0.00} s (ideal N × latency / 4 = {(_options.Latency.TotalSeconds * jobs.Count / Throttle):0.00} s); the last video completed at {Since(lastCompletion):0.00} s"),
                Invariant($"Wait-AkoolVideo saw each video completed {meanLag:0.00} s after it completed on average (max {maxLag:0.00} s), after {pollCounts.DefaultIfEmpty(0).Average():0.0} status polls per video ({pollCounts.Sum()} in all); the last was seen at {Since(lastSeen):0.00} s"),
                Invariant($"the last download started at {Since(lastDownload):0.00} s; the pipeline returned at {wall.TotalSeconds:0.00} s; one download takes {download.TotalMilliseconds:0.0} ms"),
                Invariant($"ideal {ideal.TotalSeconds:0.00} s = queue {_options.QueueSeconds:0.##} s + processing {_options.ProcessingSeconds:0.##} s + {jobs.Count} × {_options.LatencyMs:0.#} ms / 4 + one download; over the ideal: {(wall - ideal).TotalSeconds:0.00} s, of which {Math.Max(0, Since(lastSeen) - Since(lastCompletion)):0.00} s is the last completion waiting to be seen"),
            };
        }
    }

    internal sealed class OneLinerResult
    {
        public OneLinerResult(TimeSpan wall, TimeSpan ideal, List<string> stages, string? failure = null)
        {
            Wall = wall;
            Ideal = ideal;
            Stages = stages;
            Failure = failure;
        }

        /// <summary>Why the run failed (errors, or fewer files than rows), or null.</summary>
        public string? Failure { get; }

        public TimeSpan Wall { get; }

        public TimeSpan Ideal { get; }

        public double Ratio => Wall.TotalSeconds / Ideal.TotalSeconds;

        public List<string> Stages { get; }
    }
}
