using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Akool.Emulator;
using static Akool.Bench.Report;

namespace Akool.Bench
{
    /// <summary>
    /// (f) No latency floors: each single-call cmdlet, one invocation at a time as a user types it, against
    /// a plain HttpClient making the same request(s), interleaved call by call in the same run; medians.
    /// </summary>
    internal sealed class SingleCallBench
    {
        private const int VideoBytes = 20 * 1024;
        private readonly BenchOptions _options;

        public SingleCallBench(BenchOptions options) => _options = options;

        public async Task RunAsync(Report report)
        {
            int samples = _options.Quick ? 10 : _options.SingleCallSamples;
            Console.WriteLine(Invariant($"(f) single calls against HttpClient, {samples} interleaved samples each, zero latency ..."));
            await using AkoolEmulator emulator = await EmulatorFactory.StartAsync(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, VideoBytes);
            using BenchSession session = BenchSession.Start();
            session.Connect(emulator.BaseUri, emulator.Options.ApiKey);
            using var raw = new RawAkool(emulator.BaseUri, emulator.Options.ApiKey);
            string id = await raw.CreateAsync(1);
            string? url = null;
            while (url == null) url = (await raw.StatusAsync(id)).Url;
            string folder = Path.Combine(Path.GetTempPath(), "akool-bench-single-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var variables = new Dictionary<string, object?> { ["baseUri"] = emulator.BaseUri.ToString(), ["apiKey"] = emulator.Options.ApiKey, ["id"] = id, ["folder"] = folder };
            session.Run("$null = 1", variables);
            try
            {
                var calls = new (string Name, string Script, Func<Task> Raw, string RawWhat)[]
                {
                    ("Connect-Akool", "Connect-Akool -BaseUri $baseUri -ApiKey $apiKey", () => raw.CreditAsync(), "GET quota/info"),
                    ("Get-AkoolCredit", "$null = Get-AkoolCredit", () => raw.CreditAsync(), "GET quota/info"),
                    ("Get-AkoolVideo -Id (one video)", "$null = Get-AkoolVideo -Id $id", () => raw.StatusAsync(id), "GET infobymodelid"),
                    ("Wait-AkoolVideo -Id (already completed)", "$null = Wait-AkoolVideo -Id $id", () => raw.StatusAsync(id), "GET infobymodelid"),
                    ("Save-AkoolVideo -Id (one 20 KiB video)", "$null = Save-AkoolVideo -Id $id -Destination $folder -Force",
                        async () => { await raw.StatusAsync(id); await raw.DownloadAsync(url, Path.Combine(folder, "raw.mp4")); }, "GET infobymodelid + download to a file"),
                };
                foreach (var call in calls)
                {
                    // Warm up both sides (JIT, the connection pool), then alternate them call by call.
                    for (int i = 0; i < 5; i++)
                    {
                        session.Run(call.Script, null).ThrowOnErrors(call.Name);
                        await call.Raw();
                    }
                    var cmdlet = new List<double>();
                    var plain = new List<double>();
                    for (int i = 0; i < samples; i++)
                    {
                        cmdlet.Add(session.Run(call.Script, null).ThrowOnErrors(call.Name).Elapsed.TotalMilliseconds);
                        var clock = Stopwatch.StartNew();
                        await call.Raw();
                        plain.Add(clock.Elapsed.TotalMilliseconds);
                    }
                    double c = Stats.Median(cmdlet), r = Stats.Median(plain);
                    bool met = c <= 1.5 * r || c - r <= 5;
                    report.Add(new ResultRow("f", Invariant($"{call.Name}, one invocation (median of {samples})"), Invariant($"{c:0.00} ms"),
                        Invariant($"HttpClient, {call.RawWhat}: {r:0.00} ms"), Invariant($"{c / r:0.00}×, +{c - r:0.00} ms"), "≤ 1.5× or ≤ +5 ms", Verdict(met)));
                }
                var empty = new List<double>();
                for (int i = 0; i < samples; i++) empty.Add(session.Run("$null = 1", null).Elapsed.TotalMilliseconds);
                report.Detail("(f) what one invocation costs before any cmdlet runs", new[]
                {
                    Invariant($"each cmdlet line is one PowerShell.Invoke of its own (as a line typed at the prompt); invoking '$null = 1' the same way takes {Stats.Median(empty):0.00} ms (median of {samples}), which is in every cmdlet figure and in none of the HttpClient ones"),
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
    }
}
