using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Akool.Client;
using static Akool.Bench.Report;

namespace Akool.Bench
{
    /// <summary>
    /// (c) What New-AkoolTalkingPhoto costs per row beyond the HTTP itself: N creates with zero latency through the
    /// cmdlet, against a plain HttpClient loop making the same requests 4 at a time (the cmdlet's default
    /// -ThrottleLimit) and one at a time. Also, to split the cost, the module's client alone and the cmdlet with
    /// -WhatIf (binding and validation, no HTTP).
    /// </summary>
    internal sealed class OverheadBench
    {
        private const int Concurrency = 4;
        // Rows per way in each warm-up pass (the engine hosted here is not precompiled as pwsh's is, so its code is
        // compiled as it first runs): with 100 rows the first measured rounds still paid for compiling.
        private const int WarmUpRows = 2000;
        private const int CacheCapacity = 500;
        private const int OnePipelineAttempts = 3;
        private const int PairRounds = 25;
        // Warm-up passes of every way go on until one compiles fewer methods than this (at most MaxWarmUpPasses):
        // a single pass left the JIT busy for twenty more rounds, at up to 300 ms a round, charged to whichever way
        // ran then (issue 14, fifth session).
        private const int SettledJitMethods = 50;
        private const int MaxWarmUpPasses = 10;
        private const long EmulatorVideoBytes = 1024;
        private const string MinimalCmdlet = "New-BenchTalkingPhoto";
        private readonly BenchOptions _options;

        public OverheadBench(BenchOptions options) => _options = options;

        public async Task RunAsync(Report report)
        {
            int rows = _options.OverheadRows;
            Console.WriteLine(Invariant($"(c) per-row overhead of New-AkoolTalkingPhoto, N = {rows}, zero latency, {_options.OverheadRepeats} repeat(s) ..."));
            // The emulator runs in a process of its own, as a server does: in this process its growing job table and
            // request log made every garbage collection dearer, and the way that allocates more (the cmdlet) paid for
            // it; its JIT and its threads were counted as this process's too. It still shares the same cores.
            await using EmulatorProcess emulator = await EmulatorProcess.StartAsync(TimeSpan.FromSeconds(1), EmulatorVideoBytes);
            using BenchSession session = BenchSession.Start();
            session.Connect(emulator.BaseUri, emulator.ApiKey);
            session.Run("Import-Module -Assembly $assembly", new Dictionary<string, object?> { ["assembly"] = typeof(WriteBenchRowCommand).Assembly }).ThrowOnErrors("Import-Module of the bench's do-nothing cmdlets");
            RequireSamePipelineInterface(session, "New-AkoolTalkingPhoto", "Write-BenchTalkingPhotoRow");
            using var raw = new RawAkool(emulator.BaseUri, emulator.ApiKey);
            using var client = new AkoolClient(new AkoolClientOptions { BaseUri = emulator.BaseUri }, new ApiKeyAuthenticator(new Secret(emulator.ApiKey)));
            NewBenchTalkingPhotoCommand.Raw = raw;
            NewBenchTalkingPhotoCommand.Module = client;

            var ways = new (string Name, Func<int, Task<TimeSpan>> Run)[]
            {
                ("cmdlet", n => Task.FromResult(Cmdlet(session, n, whatIf: false))),
                ("cmdlet16", n => Task.FromResult(Cmdlet(session, n, whatIf: false, " -ThrottleLimit 16"))),
                ("raw4", n => RawConcurrentAsync(raw, n)),
                ("raw1", n => RawSequentialAsync(raw, n)),
                ("client4", n => ClientConcurrentAsync(client, n)),
                ("whatif", n => Task.FromResult(Cmdlet(session, n, whatIf: true))),
                ("null", n => Task.FromResult(DoNothing(session, n, "Write-BenchRow"))),
                ("mirror", n => Task.FromResult(DoNothing(session, n, "Write-BenchTalkingPhotoRow"))),
                ("minimal", n => Task.FromResult(DoNothing(session, n, MinimalCmdlet))),
                ("minimal-client", n => Task.FromResult(DoNothing(session, n, MinimalCmdlet + " -ModuleClient"))),
            };
            (int passes, long lastPassMethods) = await WarmUpAsync(ways.Select(w => w.Run));

            var times = ways.ToDictionary(w => w.Name, _ => new List<TimeSpan>());
            for (int repeat = 0; repeat < _options.OverheadRepeats; repeat++)
            {
                // Rotate the order so that no way always runs on a warmer (or more cluttered) emulator.
                for (int i = 0; i < ways.Length; i++)
                {
                    var way = ways[(i + repeat) % ways.Length];
                    times[way.Name].Add(await way.Run(rows));
                }
            }

            PairedRounds paired = await PairedAsync(session, raw, client, rows, new CpuMeter(emulator.Id));

            double PerRow(string name) => Stats.Median(times[name]).TotalMilliseconds * 1000 / rows;
            double cmdlet = PerRow("cmdlet"), raw4 = PerRow("raw4"), raw1 = PerRow("raw1"), client4 = PerRow("client4"), whatIf = PerRow("whatif"), nullCmdlet = PerRow("null"), cmdlet16 = PerRow("cmdlet16"), mirror = PerRow("mirror");
            report.Add(new ResultRow("c", Invariant($"New-AkoolTalkingPhoto, N = {rows} in pipelines of ≤ {CacheCapacity} (fresh completion cache each), zero latency, default -ThrottleLimit 4; medians of {_options.OverheadRepeats} rotations of all ways (as measured before the paired rounds below)"), Invariant($"{cmdlet:0} µs/row"),
                Invariant($"HttpClient, 4 at a time: {raw4:0} µs/row"), Ratio(cmdlet / raw4), "(information)", string.Empty));
            report.Add(new ResultRow("c", Invariant($"New-AkoolTalkingPhoto, {PairRounds} rounds of {rows} rows in one pipeline (as a CSV goes through), each round beside the same creates through HttpClient 4 at a time (median of the rounds' ratios: robust to a machine whose load changes)"), Invariant($"{paired.Cmdlet:0} µs/row"),
                Invariant($"HttpClient, 4 at a time: {paired.Raw:0} µs/row"), Ratio(paired.Ratio), "≤ 1.3×", Verdict(paired.Ratio <= 1.3)));
            report.Add(new ResultRow("c", Invariant($"Same rounds, pipelines of {paired.ShortRows} rows (each paying a pipeline's fixed costs: the invocation, the first rows' start, the last creates' tail)"), string.Empty,
                string.Empty, Ratio(paired.ShortPipelineRatio), "(information)", string.Empty));
            // Issue 14 allows for PowerShell's own cost, shown by a binary cmdlet doing nothing but WriteObject per row:
            // this is the per-row overhead of the module's own work, the part the module can change.
            report.Add(new ResultRow("c", Invariant($"Same rounds, less what PowerShell charges to bind the rows and write them on (the do-nothing cmdlet with the same parameters, WriteObject per row, same rows, run in the same round): the module's own per-row overhead"), string.Empty,
                string.Empty, Ratio(paired.LessBinding), "≤ 1.3× (PowerShell's own cost shown, as the issue allows)", Verdict(paired.LessBinding <= 1.3)));
            report.Add(new ResultRow("c", Invariant($"Same rounds: the module's AkoolClient alone, 4 at a time, no PowerShell"), string.Empty,
                string.Empty, Ratio(paired.ClientRatio), "(information)", string.Empty));
            report.Add(new ResultRow("c", Invariant($"Same rounds: the least any binary cmdlet can do for the same creates (bench/MinimalCreateCmdlet.cs: the same parameters bound from the same rows, HttpClient + System.Text.Json 4 at a time, 32 rows queued ahead, ids written in input order; no validation, journal, retries or Ctrl+C): PowerShell's own price for this job"), Invariant($"{paired.Minimal:0} µs/row"),
                Invariant($"HttpClient, 4 at a time: {paired.Raw:0} µs/row"), Ratio(paired.MinimalRatio), "(information)", string.Empty));
            report.Add(new ResultRow("c", Invariant($"Same rounds: that minimal cmdlet sending through the module's AkoolClient (-ModuleClient)"), string.Empty,
                string.Empty, Ratio(paired.MinimalModuleClientRatio), "(information)", string.Empty));
            report.Add(new ResultRow("c", Invariant($"Same rounds: New-AkoolTalkingPhoto against that minimal cmdlet with the module's client (what the cmdlet's own work adds: validation, ShouldProcess, the engine, journal checks, error handling, reporting)"), string.Empty,
                string.Empty, Ratio(paired.CmdletOverMinimalModuleClient), "(information)", string.Empty));
            report.Add(new ResultRow("c", Invariant($"Same rounds: CPU per row of both processes (this one and the emulator's), New-AkoolTalkingPhoto against HttpClient; and less the do-nothing cmdlet's (binding)"), string.Empty,
                string.Empty, Ratio(paired.CpuRatio) + " / " + Ratio(paired.CpuRatioLessBinding), "(information)", string.Empty));
            report.Add(new ResultRow("c", Invariant($"Same, against a sequential HttpClient loop"), Invariant($"{cmdlet:0} µs/row"),
                Invariant($"HttpClient, 1 at a time: {raw1:0} µs/row"), Ratio(cmdlet / raw1), "(information)", string.Empty));
            if (rows > CacheCapacity)
            {
                (List<TimeSpan> single, int failures, string? firstError) = OnePipeline(session, rows, OnePipelineAttempts);
                double singlePerRow = single.Count == 0 ? double.NaN : Stats.Median(single).TotalMilliseconds * 1000 / rows;
                report.Add(new ResultRow("c", Invariant($"New-AkoolTalkingPhoto, all {rows} rows in one pipeline ({OnePipelineAttempts} attempts)"),
                    (single.Count > 0 ? Invariant($"{singlePerRow:0} µs/row") : "no attempt finished") + Invariant($"; {failures} of {OnePipelineAttempts} failed"),
                    Invariant($"HttpClient, 4 at a time: {raw4:0} µs/row"), single.Count > 0 ? Ratio(singlePerRow / raw4) : string.Empty, "no failure (the ratio is against the rotations' median)", Verdict(failures == 0)));
                if (firstError != null) report.Detail("(c) one pipeline of " + rows + " rows: the first failure", new[] { firstError });
            }

            report.Detail(Invariant($"(c) where a row's time goes (median of {_options.OverheadRepeats}, N = {rows}, emulator in a process of its own on the same {Environment.ProcessorCount} cores)"), new[]
            {
                Invariant($"warm-up: {passes} pass(es) of every way, {WarmUpRows} rows each, until a pass compiled fewer than {SettledJitMethods} methods (the last: {lastPassMethods}; at most {MaxWarmUpPasses} passes)"),
                Invariant($"JIT compile time during the paired rounds (all threads): {paired.CmdletJit:0} µs per row in the cmdlet's turns, {paired.RawJit:0} µs per row in HttpClient's (after the warm-up above: what is still compiled while the rounds run)"),
                Invariant($"the module's AkoolClient alone, 4 at a time (no PowerShell): {client4:0} µs/row ({client4 / raw4:0.00}× HttpClient)"),
                Invariant($"New-AkoolTalkingPhoto -ThrottleLimit 16: {cmdlet16:0} µs/row; ") + (cmdlet16 < 0.85 * cmdlet
                    ? "more slots help, so part of the cost is the pipeline thread being slow to refill a free slot"
                    : "more slots do not help, so the cost is work on the pipeline side, not waiting for a free slot"),
                Invariant($"New-AkoolTalkingPhoto -WhatIf (binding, validation, ShouldProcess; no HTTP): {whatIf:0} µs/row"),
                Invariant($"a binary cmdlet doing nothing but WriteObject per row (bench/NullCmdlet.cs), same rows, same pipelines: {nullCmdlet:0.0} µs/row: PowerShell's own floor for any binary cmdlet"),
                Invariant($"the same do-nothing cmdlet with New-AkoolTalkingPhoto's parameters, bound by property name from the same rows (bench/MirrorCmdlet.cs): {mirror:0.0} µs/row: what PowerShell itself charges to bind a row to that interface, before any of the module's code runs"),
                Invariant($"the cmdlet less that binding, {cmdlet - mirror:0} µs/row, against HttpClient 4 at a time: {(cmdlet - mirror) / raw4:0.00}× (ways minutes apart: the paired rounds above are the steadier split)"),
            });
            report.Detail(Invariant($"(c) where the CPU of a row goes, medians of the paired rounds ({Environment.ProcessorCount} cores, shared with the emulator: with both busy, wall time follows the CPU of both processes)"), paired.Cpu);
            report.Detail("(c) the client's own CPU per create, with a canned in-memory answer (no socket, no server; 20000 sequential calls)", await CannedCostAsync(emulator));
            report.Detail("(c) Tab-completion cache (SeenVideos.Remember, called once per video by each of New-, Wait- and Save-AkoolVideo)", RememberCost());
        }

        /// <summary>
        /// The rows go through in pipelines of at most <paramref name="perPipeline"/> rows (by default 500, the completion
        /// cache's capacity, as the rotations have always run them: until db0b2ee a longer pipeline failed at random),
        /// the cache emptied before each, as in a fresh session.
        /// </summary>
        private static TimeSpan Cmdlet(BenchSession session, int rows, bool whatIf, string extra = "", int perPipeline = CacheCapacity, CpuTally? tally = null)
        {
            TimeSpan total = TimeSpan.Zero;
            for (int done = 0; done < rows; done += perPipeline)
            {
                int count = Math.Min(perPipeline, rows - done);
                session.Run(BenchSession.RowsScript(count)).ThrowOnErrors("making the rows");
                ModuleState.ForgetSeenVideos();
                total += Tallied(tally, () => session.Run("$null = $rows | New-AkoolTalkingPhoto" + extra + (whatIf ? " -WhatIf" : string.Empty)).ThrowOnErrors("New-AkoolTalkingPhoto").Elapsed);
            }

            return total;
        }

        /// <summary>
        /// Rounds of the cmdlet, HttpClient 4 at a time, the module's client alone 4 at a time, the do-nothing cmdlet
        /// with the same parameters and the minimal cmdlet making the same creates (with either client), one right after
        /// the other on the same rows, each round starting with the next of them; the ratios are taken within each round,
        /// so a load that comes and goes (other work on the machine) weighs on all sides of each ratio alike. Medians of
        /// the rounds. Each round runs <paramref name="rows"/> rows in one pipeline, as a user's CSV goes through, and
        /// then a quarter as many (at most 500) in a pipeline of their own, whose fixed costs (the invocation, the first
        /// rows' start, the last creates' tail) weigh four times as much per row. Also the JIT's compile time per row during
        /// the cmdlet's and HttpClient's turns (<see cref="System.Runtime.JitInfo"/>, all threads): the hosted engine's
        /// IL keeps being compiled long after warm-up, and that time is charged to whichever way is running.
        /// </summary>
        private static async Task<PairedRounds> PairedAsync(BenchSession session, RawAkool raw, AkoolClient client, int rows, CpuMeter meter)
        {
            var cmdletCpu = new CpuTally(meter);
            var rawCpu = new CpuTally(meter);
            var clientCpu = new CpuTally(meter);
            var bindingCpu = new CpuTally(meter);
            var minimalCpu = new CpuTally(meter);
            var ratios = new List<double>();
            var shortRatios = new List<double>();
            var lessBinding = new List<double>();
            var clientRatios = new List<double>();
            var minimalRatios = new List<double>();
            var minimalModuleClientRatios = new List<double>();
            var overMinimal = new List<double>();
            var minimals = new List<TimeSpan>();
            var cmdlets = new List<TimeSpan>();
            var raws = new List<TimeSpan>();
            var cmdletJit = new List<TimeSpan>();
            var rawJit = new List<TimeSpan>();
            int shortRows = Math.Min(CacheCapacity, Math.Max(1, rows / 4));
            var ways = new (string Name, Func<Task<TimeSpan>> Run)[]
            {
                ("cmdlet", () => Task.FromResult(Cmdlet(session, rows, whatIf: false, perPipeline: rows, tally: cmdletCpu))),
                ("http", () => TalliedAsync(rawCpu, () => RawConcurrentAsync(raw, rows))),
                ("client", () => TalliedAsync(clientCpu, () => ClientConcurrentAsync(client, rows))),
                ("binding", () => Task.FromResult(DoNothing(session, rows, "Write-BenchTalkingPhotoRow", perPipeline: rows, tally: bindingCpu))),
                ("minimal", () => Task.FromResult(DoNothing(session, rows, MinimalCmdlet, perPipeline: rows, tally: minimalCpu))),
                ("minimal-client", () => Task.FromResult(DoNothing(session, rows, MinimalCmdlet + " -ModuleClient", perPipeline: rows))),
            };
            for (int round = 0; round < PairRounds; round++)
            {
                // Each round starts with the next way, so no way always follows the same one (and its garbage).
                var took = new Dictionary<string, TimeSpan>();
                var compiling = new Dictionary<string, TimeSpan>();
                for (int i = 0; i < ways.Length; i++)
                {
                    var way = ways[(i + round) % ways.Length];
                    TimeSpan jit = System.Runtime.JitInfo.GetCompilationTime();
                    took[way.Name] = await way.Run();
                    compiling[way.Name] = System.Runtime.JitInfo.GetCompilationTime() - jit;
                }

                TimeSpan shortCmdlet = Cmdlet(session, shortRows, whatIf: false);
                TimeSpan shortHttp = await RawConcurrentAsync(raw, shortRows);
                TimeSpan cmdlet = took["cmdlet"], http = took["http"];
                ratios.Add(cmdlet / http);
                shortRatios.Add(shortCmdlet / shortHttp);
                lessBinding.Add((cmdlet - took["binding"]) / http);
                clientRatios.Add(took["client"] / http);
                minimalRatios.Add(took["minimal"] / http);
                minimalModuleClientRatios.Add(took["minimal-client"] / http);
                overMinimal.Add(cmdlet / took["minimal-client"]);
                minimals.Add(took["minimal"]);
                cmdlets.Add(cmdlet);
                raws.Add(http);
                cmdletJit.Add(compiling["cmdlet"]);
                rawJit.Add(compiling["http"]);
            }

            double PerRow(List<TimeSpan> times) => Stats.Median(times).TotalMilliseconds * 1000 / rows;
            var cpu = new[]
            {
                "HttpClient, 4 at a time: " + rawCpu.PerRow(rows),
                "the module's AkoolClient alone, 4 at a time: " + clientCpu.PerRow(rows),
                "New-AkoolTalkingPhoto: " + cmdletCpu.PerRow(rows),
                "the do-nothing cmdlet with New-AkoolTalkingPhoto's parameters (PowerShell binding the rows; no emulator work): " + bindingCpu.PerRow(rows),
                "the minimal cmdlet making the same creates (HttpClient + System.Text.Json): " + minimalCpu.PerRow(rows),
            };
            return new PairedRounds(shortRows, Stats.Median(ratios), Stats.Median(shortRatios), Stats.Median(lessBinding), Stats.Median(clientRatios), PerRow(cmdlets), PerRow(raws), PerRow(cmdletJit), PerRow(rawJit),
                PerRow(minimals), Stats.Median(minimalRatios), Stats.Median(minimalModuleClientRatios), Stats.Median(overMinimal),
                cmdletCpu.TotalPerRow(rows) / rawCpu.TotalPerRow(rows), (cmdletCpu.TotalPerRow(rows) - bindingCpu.TotalPerRow(rows)) / rawCpu.TotalPerRow(rows), cpu);
        }

        /// <summary>Medians of <see cref="PairedAsync"/>'s rounds: ratios against HttpClient, µs per row, and where the CPU went.</summary>
        private sealed record PairedRounds(int ShortRows, double Ratio, double ShortPipelineRatio, double LessBinding, double ClientRatio, double Cmdlet, double Raw, double CmdletJit, double RawJit,
            double Minimal, double MinimalRatio, double MinimalModuleClientRatio, double CmdletOverMinimalModuleClient,
            double CpuRatio, double CpuRatioLessBinding, IReadOnlyList<string> Cpu);

        /// <summary>
        /// The mirror cmdlet repeats New-AkoolTalkingPhoto's declarations on purpose (it measures what PowerShell charges
        /// to bind a row to them); this stops the bench when the two no longer declare the same parameters bound by
        /// property name with the same aliases, so a stale mirror cannot measure another interface quietly.
        /// </summary>
        private static void RequireSamePipelineInterface(BenchSession session, string command, string mirror)
        {
            string Of(string name)
            {
                var info = (System.Management.Automation.CommandInfo)session.Run("Get-Command $name", new Dictionary<string, object?> { ["name"] = name }).ThrowOnErrors("Get-Command " + name).Output.Single().BaseObject;
                return string.Join("; ", info.Parameters.Values
                    .Where(p => p.ParameterSets.Values.Any(set => set.ValueFromPipelineByPropertyName))
                    .Select(p => p.Name + ":" + string.Join(",", p.Aliases.OrderBy(a => a, StringComparer.Ordinal)))
                    .OrderBy(d => d, StringComparer.Ordinal));
            }

            string expected = Of(command), actual = Of(mirror);
            if (expected != actual)
            {
                throw new InvalidOperationException($"bench/MirrorCmdlet.cs no longer mirrors {command}'s parameters bound by property name: {command} has [{expected}], {mirror} has [{actual}].");
            }
        }

        /// <summary>
        /// Runs every way once per pass, <see cref="WarmUpRows"/> rows each, until a pass compiles fewer than
        /// <see cref="SettledJitMethods"/> methods (all threads) or <see cref="MaxWarmUpPasses"/> passes are done.
        /// </summary>
        /// <returns>The passes run and the methods the last one compiled.</returns>
        private static async Task<(int Passes, long LastPassMethods)> WarmUpAsync(IEnumerable<Func<int, Task<TimeSpan>>> ways)
        {
            var all = ways.ToList();
            long compiled = long.MaxValue;
            int passes = 0;
            while (passes < MaxWarmUpPasses && compiled >= SettledJitMethods)
            {
                long before = System.Runtime.JitInfo.GetCompiledMethodCount();
                foreach (var run in all) await run(WarmUpRows);
                compiled = System.Runtime.JitInfo.GetCompiledMethodCount() - before;
                passes++;
            }

            return (passes, compiled);
        }

        /// <summary>The same rows, in the same pipelines, through one of the bench's own binary cmdlets (do-nothing or minimal).</summary>
        private static TimeSpan DoNothing(BenchSession session, int rows, string command, int perPipeline = CacheCapacity, CpuTally? tally = null)
        {
            TimeSpan total = TimeSpan.Zero;
            for (int done = 0; done < rows; done += perPipeline)
            {
                int count = Math.Min(perPipeline, rows - done);
                session.Run(BenchSession.RowsScript(count)).ThrowOnErrors("making the rows");
                total += Tallied(tally, () => session.Run("$null = $rows | " + command).ThrowOnErrors(command).Elapsed);
            }

            return total;
        }

        /// <summary>Runs one measured pipeline, adding what it cost to <paramref name="tally"/> when one is kept (making the rows is not counted).</summary>
        private static TimeSpan Tallied(CpuTally? tally, Func<TimeSpan> measured)
        {
            if (tally == null) return measured();
            (TimeSpan elapsed, CpuCost cost) = tally.Meter.Measure(measured);
            tally.Add(cost);
            return elapsed;
        }

        /// <summary>Tallied async: the HttpClient ways.</summary>
        private static async Task<TimeSpan> TalliedAsync(CpuTally tally, Func<Task<TimeSpan>> measured)
        {
            CpuCost before = tally.Meter.Now();
            TimeSpan elapsed = await measured();
            tally.Add(tally.Meter.Now() - before);
            return elapsed;
        }

        /// <summary>The cost of each round's run of one way (<see cref="CpuMeter"/>), for medians per row.</summary>
        private sealed class CpuTally
        {
            private readonly List<CpuCost> _rounds = new();

            public CpuTally(CpuMeter meter) => Meter = meter;

            public CpuMeter Meter { get; }

            public void Add(CpuCost cost) => _rounds.Add(cost);

            /// <summary>"user + kernel, emulator = total µs (allocated KB, GC pauses µs)" per row, medians of the rounds.</summary>
            public string PerRow(int rows)
            {
                double Median(Func<CpuCost, double> part) => Stats.Median(_rounds.Select(part)) / rows;
                double user = Median(c => c.User.TotalMilliseconds * 1000), kernel = Median(c => c.Kernel.TotalMilliseconds * 1000);
                double emulator = Median(c => c.Emulator.TotalMilliseconds * 1000), total = Median(c => c.Total.TotalMilliseconds * 1000);
                return Invariant($"{user:0} µs user + {kernel:0} µs kernel here, {emulator:0} µs in the emulator: {total:0} µs of CPU (allocated {Median(c => c.Allocated) / 1024:0.0} KiB; paused by garbage collections {Median(c => c.GcPause.TotalMilliseconds * 1000):0.0} µs)");
            }

            /// <summary>Median over the rounds of both processes' CPU, per row.</summary>
            public double TotalPerRow(int rows) => Stats.Median(_rounds.Select(c => c.Total.TotalMilliseconds * 1000)) / rows;
        }

        /// <summary>All rows in one pipeline, as the issue asks, a few times: reports how often it fails and what it costs when it does not.</summary>
        private static (List<TimeSpan> Times, int Failures, string? FirstError) OnePipeline(BenchSession session, int rows, int attempts)
        {
            var times = new List<TimeSpan>();
            int failures = 0;
            string? firstError = null;
            session.Run(BenchSession.RowsScript(rows)).ThrowOnErrors("making the rows");
            for (int i = 0; i < attempts; i++)
            {
                ModuleState.ForgetSeenVideos();
                ScriptRun run = session.Run("$null = $rows | New-AkoolTalkingPhoto");
                if (run.Errors.Count == 0)
                {
                    times.Add(run.Elapsed);
                    continue;
                }

                failures++;
                firstError ??= Invariant($"after {run.Elapsed.TotalSeconds:0.00} s: {run.Errors[0]}");
            }

            return (times, failures, firstError);
        }

        private static async Task<TimeSpan> RawConcurrentAsync(RawAkool raw, int rows)
        {
            int next = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
            {
                for (int row; (row = Interlocked.Increment(ref next)) <= rows;) await raw.CreateAsync(row).ConfigureAwait(false);
            }));
            return clock.Elapsed;
        }

        private static async Task<TimeSpan> RawSequentialAsync(RawAkool raw, int rows)
        {
            var clock = Stopwatch.StartNew();
            for (int row = 1; row <= rows; row++) await raw.CreateAsync(row).ConfigureAwait(false);
            return clock.Elapsed;
        }

        private static async Task<TimeSpan> ClientConcurrentAsync(AkoolClient client, int rows)
        {
            int next = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
            {
                for (int row; (row = Interlocked.Increment(ref next)) <= rows;)
                {
                    var request = new TalkingPhotoRequest { TalkingPhotoUrl = RawAkool.PhotoUrl(row), AudioUrl = RawAkool.AudioUrl(row) };
                    await client.CreateTalkingPhotoAsync(request, null, CancellationToken.None).ConfigureAwait(false);
                }
            }));
            return clock.Elapsed;
        }

        /// <summary>The same create through both clients over a handler that answers from memory: pure client-side cost.</summary>
        private static async Task<IEnumerable<string>> CannedCostAsync(EmulatorProcess emulator)
        {
            const int Calls = 20000;
            byte[] answer;
            using (var http = new System.Net.Http.HttpClient())
            {
                http.DefaultRequestHeaders.Add("x-api-key", emulator.ApiKey);
                using var content = new System.Net.Http.StringContent("{\"talking_photo_url\":\"https://img.example.com/f.jpg\",\"audio_url\":\"https://audio.example.com/v.mp3\"}", System.Text.Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(new Uri(emulator.BaseUri, "/api/open/v3/content/video/createbytalkingphoto"), content);
                answer = await response.Content.ReadAsByteArrayAsync();
            }

            using var raw = new RawAkool(emulator.BaseUri, emulator.ApiKey, new CannedHandler(answer));
            using var client = new AkoolClient(new AkoolClientOptions { BaseUri = emulator.BaseUri }, new ApiKeyAuthenticator(new Secret(emulator.ApiKey)), new CannedHandler(answer));
            async Task<double> TimeAsync(Func<int, Task> call)
            {
                for (int i = 0; i < 2000; i++) await call(i); // warm-up (tiered JIT)
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < Calls; i++) await call(i);
                return clock.Elapsed.TotalMilliseconds * 1000 / Calls;
            }

            double rawCost = await TimeAsync(i => raw.CreateAsync(i));
            double clientCost = await TimeAsync(i => client.CreateTalkingPhotoAsync(new TalkingPhotoRequest { TalkingPhotoUrl = RawAkool.PhotoUrl(i), AudioUrl = RawAkool.AudioUrl(i) }, null, CancellationToken.None));
            return new[]
            {
                Invariant($"HttpClient + System.Text.Json: {rawCost:0.0} µs per create; the module's AkoolClient: {clientCost:0.0} µs per create ({clientCost / rawCost:0.0}×)"),
                Invariant($"({answer.Length} bytes of answer; the AkoolClient writes the body with a JsonTextWriter, links a timeout CancellationTokenSource per request, uses the key revealed once per connection, reads an answer of declared length into one array, and builds of its data only the fields it reads, with a character buffer kept per thread)"),
            };
        }

        /// <summary>
        /// The completion cache keeps 500 ids and evicts past that (until db0b2ee by sorting the whole cache on
        /// every call). Timed directly (the bench's copy of the class), below and above the capacity.
        /// </summary>
        private static IEnumerable<string> RememberCost()
        {
            const int Fill = 500, Beyond = 5000;
            var videos = Enumerable.Range(0, Fill + Beyond).Select(i => AkoolVideo.FromId(i.ToString("x24", System.Globalization.CultureInfo.InvariantCulture), "clip" + i)).ToArray();
            // The cache is process-wide and earlier measurements filled it: empty it so "below capacity" means it.
            if (!ModuleState.ForgetSeenVideos()) throw new InvalidOperationException("bench/ModuleState.cs no longer finds the module's Tab-completion cache to empty.");
            for (int i = 0; i < Fill; i++) Completion.SeenVideos.Remember(videos[Fill + i]); // warm-up (JIT), then empty again
            ModuleState.ForgetSeenVideos();
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < Fill; i++) Completion.SeenVideos.Remember(videos[i]);
            double below = clock.Elapsed.TotalMilliseconds * 1000 / Fill;
            clock.Restart();
            for (int i = Fill; i < Fill + Beyond; i++) Completion.SeenVideos.Remember(videos[i]);
            double above = clock.Elapsed.TotalMilliseconds * 1000 / Beyond;
            return new[]
            {
                Invariant($"{below:0.0} µs per call while the cache holds fewer than 500 ids; {above:0.0} µs per call once it is full (before db0b2ee each such call sorted all 500 entries: 117-188 µs)"),
                Invariant($"in the one-liner each video passes through it 3 times: about {3 * above:0.0} µs per row once the process has seen 500 videos"),
            };
        }
    }
}
