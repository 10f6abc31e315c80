using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Emulator;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Faults
{
    /// <summary>
    /// The one-liner over a 200-row batch under each of the emulator's faults and a combined storm. For each: one
    /// byte-exact file per good row, exactly one create per row at the emulator, and exactly one error per bad row,
    /// naming it.
    /// </summary>
    public sealed class FaultMatrixTests
    {
        private const int RowCount = 200;
        // Short retry intervals keep the suite fast; the schedule itself is the same as with the defaults.
        private const string Options = " -MaximumRetryCount 10 -RetryInterval 0.05 -RequestTimeout 2\n";
        // The shortest client timeout there is, for the spikes that exceed it: a spike costs the client its timeout.
        private const string ShortTimeoutOptions = " -MaximumRetryCount 10 -RetryInterval 0.05 -RequestTimeout 1\n";
        private const string ConnectWithShortTimeout = "Connect-Akool -BaseUri $baseUri -ApiKey $apiKey" + ShortTimeoutOptions;
        private static readonly TimeSpan SpikeBeyondShortTimeout = TimeSpan.FromSeconds(1.5);
        private const string Connect = "Connect-Akool -BaseUri $baseUri -ApiKey $apiKey" + Options;
        private const string ClientCredentials = "Connect-Akool -BaseUri $baseUri -ClientId $clientId -ClientSecret $clientSecret";
        private const string OneLiner = "$rows | New-AkoolTalkingPhoto -JournalPath ./batch.journal | Wait-AkoolVideo -PollInterval 0.5 | Save-AkoolVideo -Destination ./videos -SkipExisting";

        public static IEnumerable<object[]> Faults() => new[]
        {
            new object[] { "503 bursts", (Action<EmulatorFaults>)(f => f.Http503 = new FaultRule(0.2)) },
            // Retry-After: 0 is still a Retry-After the client must read; waiting a second per 429 proves nothing more.
            new object[] { "429 with Retry-After", (Action<EmulatorFaults>)(f => { f.Http429 = new FaultRule(0.1); f.RetryAfterSeconds = 0; }) },
            new object[] { "code 1005", (Action<EmulatorFaults>)(f => f.Code1005 = new FaultRule(0.2)) },
            new object[] { "latency spikes beyond the client timeout", (Action<EmulatorFaults>)(f =>
            {
                // Reads only: a create that times out has an unknown outcome by design (see UnknownOutcomeTests).
                f.LatencySpike = new FaultRule(0.05, EmulatorEndpoints.Status | EmulatorEndpoints.Download);
                f.LatencySpikeDuration = SpikeBeyondShortTimeout;
            }) },
            new object[] { "connections dropped mid-answer", (Action<EmulatorFaults>)(f => f.DropConnection = new FaultRule(0.1, EmulatorEndpoints.Status | EmulatorEndpoints.Download | EmulatorEndpoints.Credit)) },
            new object[] { "downloads cut half way", (Action<EmulatorFaults>)(f => f.CutDownload = new FaultRule(0.3)) },
        };

        [Theory]
        [MemberData(nameof(Faults))]
        public async Task EveryGoodRowIsSavedOnceUnderFault(string fault, Action<EmulatorFaults> inject)
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run(Connect);
            inject(context.Emulator.Faults);
            if (CostsTheClientItsTimeout(context.Emulator.Faults)) context.Run(ConnectWithShortTimeout);

            ScriptResult result = context.Run(ModuleTestContext.Rows(RowCount) + OneLiner);

            AssertOutcome(context, result, fault, failing: Array.Empty<int>(), expired: Array.Empty<int>());
        }

        // Issue 12: the faults a hostile server adds. Each is run, then the batch is run again with the same journal
        // (the faults still on): one create per row, and every good row saved byte-exact by the end.
        private const int HostileRowCount = 60;

        public static IEnumerable<object[]> HostileFaults() => new[]
        {
            new object[] { "redirected downloads", (Action<EmulatorFaults>)(f => f.DownloadRedirect = new FaultRule(0.5)) },
            new object[] { "206 with unknown total", (Action<EmulatorFaults>)(f => { f.CutDownload = new FaultRule(0.3); f.UnknownTotalRange = FaultRule.Always(EmulatorEndpoints.Download); }) },
            new object[] { "gzip videos", (Action<EmulatorFaults>)(f => f.GzipDownload = new FaultRule(0.3)) },
            // A drip is cut once a stall window (the client's timeout) moved too little.
            new object[] { "dripping bodies", (Action<EmulatorFaults>)(f => { f.DripDownload = new FaultRule(0.05); f.DripInterval = TimeSpan.FromMilliseconds(50); }) },
            new object[] { "unreadable status answers", (Action<EmulatorFaults>)(f =>
            {
                f.Html200Answer = new FaultRule(0.15, EmulatorEndpoints.Status);
                f.MissingCode = new FaultRule(0.1, EmulatorEndpoints.Status);
            }) },
        };

        [Theory]
        [MemberData(nameof(HostileFaults))]
        public async Task EveryGoodRowIsSavedOnceUnderAHostileFaultAcrossARerun(string fault, Action<EmulatorFaults> inject)
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run(Connect);
            inject(context.Emulator.Faults);
            if (CostsTheClientItsTimeout(context.Emulator.Faults)) context.Run(ConnectWithShortTimeout);

            context.Run(ModuleTestContext.Rows(HostileRowCount) + OneLiner);
            ScriptResult rerun = context.Run(ModuleTestContext.Rows(HostileRowCount) + OneLiner);

            AssertOutcome(context, rerun, fault, failing: Array.Empty<int>(), expired: Array.Empty<int>(), rows: HostileRowCount);
        }

        public static IEnumerable<object[]> OddCreateAnswers() => new[]
        {
            new object[] { "create answered without an id after billing", (Action<EmulatorFaults>)(f => f.OddCreateAnswer = new FaultRule(0.1, EmulatorEndpoints.Create)) },
            new object[] { "create processed and then redirected", (Action<EmulatorFaults>)(f => f.ApiRedirect = new FaultRule(0.1, EmulatorEndpoints.Create)) },
        };

        [Theory]
        [MemberData(nameof(OddCreateAnswers))]
        public async Task ABilledCreateAnsweredOddlyIsNeverBilledAgainAcrossARerun(string fault, Action<EmulatorFaults> inject)
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run(Connect);
            inject(context.Emulator.Faults);

            ScriptResult first = context.Run(ModuleTestContext.Rows(HostileRowCount) + OneLiner);
            ScriptResult rerun = context.Run(ModuleTestContext.Rows(HostileRowCount) + OneLiner);

            // The rows whose create was answered oddly: made (and billed) at Akool, their id never seen.
            var odd = context.Emulator.Requests.Where(r => r.Endpoint == EmulatorEndpoints.Create && r.Fault != null).ToList();
            Assert.True(odd.Count > 0, $"{fault}: the dice struck no create");
            Assert.Equal(odd.Count, first.ErrorIds.Count(id => id == "AkoolCreateOutcomeUnknown"));
            Assert.Equal(odd.Count, rerun.ErrorIds.Count(id => id == "AkoolAlreadySubmittedOutcomeUnknown"));
            Assert.Equal(odd.Count, first.Errors.Count);
            Assert.Equal(odd.Count, rerun.Errors.Count);

            // One create per row, never two; every row with a known id saved byte-exact.
            var createsPerRow = context.Emulator.Jobs.GroupBy(ModuleTestContext.RowOf).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(HostileRowCount, createsPerRow.Count);
            Assert.All(createsPerRow.Values, c => Assert.Equal(1, c));
            string folder = Path.Combine(context.Folder, "videos");
            Assert.Equal(HostileRowCount - odd.Count, context.Videos().Length);
            foreach (string file in context.Videos())
            {
                int row = int.Parse(Path.GetFileNameWithoutExtension(file).AsSpan(4), System.Globalization.CultureInfo.InvariantCulture);
                var job = context.Emulator.Jobs.Single(j => ModuleTestContext.RowOf(j) == row);
                Assert.True(context.Emulator.VideoBytes(job.Id).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(folder, ModuleTestContext.FileOf(row)))), $"{fault}: row {row} is not byte-exact");
            }
        }

        [Fact]
        public async Task TokenExpiryMidBatchIsHealedByOneReMint()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run(ClientCredentials + Options);

            using RunningScript running = context.Begin(ModuleTestContext.Rows(RowCount) + OneLiner);
            Eventually.True(() => context.Emulator.CreateCount >= RowCount / 2, TimeSpan.FromSeconds(60), "half the batch is created");
            context.Emulator.ExpireAllTokens();
            await running.Completion.WaitAsync(TimeSpan.FromMinutes(2));

            AssertOutcome(context, Completed(running), "token expiry", Array.Empty<int>(), Array.Empty<int>());
            Assert.Contains(context.Emulator.Requests, r => r.Code == 1101);
        }

        [Fact]
        public async Task TenPercentFailedVideosGiveOneErrorEach()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run(Connect);
            int[] failing = Enumerable.Range(1, RowCount).Where(i => i % 10 == 3).ToArray();

            ScriptResult result = context.Run(ModuleTestContext.Rows(RowCount, failing, Array.Empty<int>()) + OneLiner);

            AssertOutcome(context, result, "failed videos", failing, Array.Empty<int>());
            Assert.All(result.Errors, e => Assert.Equal(ErrorCategory.InvalidResult, e.CategoryInfo.Category));
        }

        [Fact]
        public async Task ExpiredVideoUrlsGiveOneClearErrorEach()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run(Connect);
            int[] expired = Enumerable.Range(1, RowCount).Where(i => i % 20 == 5).ToArray();

            ScriptResult result = context.Run(ModuleTestContext.Rows(RowCount, Array.Empty<int>(), expired) + OneLiner);

            AssertOutcome(context, result, "expired URLs", Array.Empty<int>(), expired);
            Assert.All(result.ErrorIds, id => Assert.Equal("AkoolVideoExpired", id));
        }

        [Fact]
        public async Task CrashHalfWayThenRerunWithTheSameJournalPaysForEachRowOnce()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run(Connect);

            using (RunningScript first = context.Begin(ModuleTestContext.Rows(RowCount) + OneLiner))
            {
                Eventually.True(() => context.Emulator.CreateCount >= RowCount / 2, TimeSpan.FromSeconds(60), "half the batch is created");
                first.Stop();
                Assert.Equal(PSInvocationState.Stopped, first.State);
            }
            Assert.InRange(context.Emulator.CreateCount, RowCount / 2, RowCount - 1);

            ScriptResult second = context.Run(ModuleTestContext.Rows(RowCount) + OneLiner);

            AssertOutcome(context, second, "crash and rerun", Array.Empty<int>(), Array.Empty<int>());
        }

        [Fact]
        public async Task CombinedStorm()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run(ClientCredentials + ShortTimeoutOptions);
            EmulatorFaults f = context.Emulator.Faults;
            f.Http503 = new FaultRule(0.05);
            f.Http429 = new FaultRule(0.05);
            f.RetryAfterSeconds = 0;
            f.Code1005 = new FaultRule(0.05);
            f.DropConnection = new FaultRule(0.05, EmulatorEndpoints.Status | EmulatorEndpoints.Download);
            f.CutDownload = new FaultRule(0.1);
            f.LatencySpike = new FaultRule(0.02, EmulatorEndpoints.Status | EmulatorEndpoints.Download);
            f.LatencySpikeDuration = SpikeBeyondShortTimeout;
            int[] failing = Enumerable.Range(1, RowCount).Where(i => i % 25 == 7).ToArray();
            int[] expired = Enumerable.Range(1, RowCount).Where(i => i % 40 == 11).ToArray();

            using RunningScript running = context.Begin(ModuleTestContext.Rows(RowCount, failing, expired) + OneLiner);
            Eventually.True(() => context.Emulator.CreateCount >= RowCount / 2, TimeSpan.FromSeconds(90), "half the batch is created");
            context.Emulator.ExpireAllTokens();
            await running.Completion.WaitAsync(TimeSpan.FromMinutes(3));

            AssertOutcome(context, Completed(running), "storm", failing, expired);
        }

        /// <summary>Spikes beyond the timeout and dripping bodies: each strike costs the client its timeout, so it gets the shortest.</summary>
        private static bool CostsTheClientItsTimeout(EmulatorFaults faults) => faults.LatencySpike.Rate > 0 || faults.DripDownload.Rate > 0;

        private static ScriptResult Completed(RunningScript running) =>
            new ScriptResult(running.Output.ToList(), running.Streams, false, null);

        /// <summary>The four promises of the fault matrix.</summary>
        private static void AssertOutcome(ModuleTestContext context, ScriptResult result, string fault, int[] failing, int[] expired, int rows = RowCount)
        {
            var bad = failing.Concat(expired).ToHashSet();
            var good = Enumerable.Range(1, rows).Where(i => !bad.Contains(i)).ToList();

            // Exactly one create per row: nothing was paid for twice, nothing was skipped.
            var createsPerRow = context.Emulator.Jobs.GroupBy(ModuleTestContext.RowOf).ToDictionary(g => g.Key, g => g.Count());
            Assert.True(createsPerRow.Count == rows && createsPerRow.Values.All(c => c == 1),
                $"{fault}: creates per row: {string.Join(",", createsPerRow.Where(p => p.Value != 1).Select(p => p.Key + "x" + p.Value))}; rows created {createsPerRow.Count}; errors: {string.Join(" | ", result.Errors.Take(3))}");

            // One byte-exact file per good row, nothing else in the folder.
            string folder = Path.Combine(context.Folder, "videos");
            var missing = good.Select(ModuleTestContext.FileOf).Except(context.Videos().Select(Path.GetFileName)).ToList();
            Assert.True(missing.Count == 0, $"{fault}: not saved: {string.Join(", ", missing)}; errors: {string.Join(" | ", result.Errors.Take(3))}; left in the folder: {string.Join(", ", Directory.GetFiles(folder).Select(Path.GetFileName).Where(n => !n!.StartsWith("clip", StringComparison.Ordinal) || !n.EndsWith(".mp4", StringComparison.Ordinal)))}");
            Assert.Equal(good.Select(ModuleTestContext.FileOf).OrderBy(n => n, StringComparer.Ordinal), context.Videos().Select(Path.GetFileName));
            foreach (var job in context.Emulator.Jobs.Where(j => good.Contains(ModuleTestContext.RowOf(j))))
            {
                byte[] saved = File.ReadAllBytes(Path.Combine(folder, ModuleTestContext.FileOf(ModuleTestContext.RowOf(job))));
                Assert.True(context.Emulator.VideoBytes(job.Id).AsSpan().SequenceEqual(saved), $"{fault}: row {ModuleTestContext.RowOf(job)} is not byte-exact");
            }

            // Exactly one error per bad row, naming it; none for good rows.
            Assert.True(result.Errors.Count == bad.Count, $"{fault}: {result.Errors.Count} errors for {bad.Count} bad rows: {string.Join(" | ", result.Errors.Take(5))}");
            foreach (int row in bad)
            {
                string id = context.Emulator.Jobs.Single(j => ModuleTestContext.RowOf(j) == row).Id;
                Assert.Single(result.Errors, e => e.ErrorDetails.Message.Contains(id, StringComparison.Ordinal) && e.ErrorDetails.Message.Contains($"clip{row:000}", StringComparison.Ordinal));
            }
        }
    }
}
