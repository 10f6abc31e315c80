using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Threading.Tasks;
using Akool.Emulator;
using Akool.Journal;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Faults
{
    /// <summary>
    /// Issue 12 against the emulator: odd answers to billed creates, redirects, journals shared or re-encoded,
    /// unreadable status answers, connections replaced, key shapes, dripping downloads.
    /// </summary>
    public sealed class HostileServerPipelineTests
    {
        private const string Connect = "Connect-Akool -BaseUri $baseUri -ApiKey $apiKey -MaximumRetryCount 5 -RetryInterval 0.05 -RequestTimeout 2\n";
        private const string Submit = "$rows | New-AkoolTalkingPhoto -JournalPath ./batch.journal";

        private static string JournalOf(ModuleTestContext context) => File.ReadAllText(Path.Combine(context.Folder, "batch.journal"));

        // ---- #1 ----

        [Fact]
        public async Task ABilledCreateAnsweredWithoutAnIdIsJournaledUnknownAndNeverBilledAgain()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run(Connect);
            context.Emulator.Faults.OddCreateAnswer = FaultRule.Always(EmulatorEndpoints.Create);

            ScriptResult first = context.Run(ModuleTestContext.Rows(3) + Submit);

            Assert.Equal(Enumerable.Repeat("AkoolCreateOutcomeUnknown", 3), first.ErrorIds);
            Assert.Equal(3, context.Emulator.CreateCount);
            Assert.Equal(3, JournalOf(context).Split('\n').Count(l => l.Contains("\"state\":\"Unknown\"", StringComparison.Ordinal)));
            Assert.DoesNotContain("\"state\":\"Rejected\"", JournalOf(context), StringComparison.Ordinal);

            context.Emulator.Faults.OddCreateAnswer = FaultRule.Off;
            ScriptResult rerun = context.Run(ModuleTestContext.Rows(3) + Submit);

            Assert.Equal(Enumerable.Repeat("AkoolAlreadySubmittedOutcomeUnknown", 3), rerun.ErrorIds);
            Assert.Equal(3, context.Emulator.CreateCount);
        }

        // ---- #4 ----

        [Fact]
        public async Task ACreateProcessedAndThenRedirectedIsSentOnceAndJournaledUnknown()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run(Connect);
            context.Emulator.Faults.ApiRedirect = FaultRule.Always(EmulatorEndpoints.Create);

            ScriptResult result = context.Run(ModuleTestContext.Rows(2) + Submit);

            Assert.Equal(Enumerable.Repeat("AkoolCreateOutcomeUnknown", 2), result.ErrorIds);
            Assert.Equal(2, context.Emulator.CreateCount);
            Assert.Equal(2, context.Emulator.Requests.Count(r => r.Endpoint == EmulatorEndpoints.Create));
        }

        [Fact]
        public async Task EachRowRepeatedAfter503Or429IsWarnedOnceNamingItAndEveryRepeatIsJournaled()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run(Connect);
            context.Emulator.Faults.Http503 = new FaultRule(0.4, EmulatorEndpoints.Create);

            ScriptResult result = context.Run(ModuleTestContext.Rows(10) + Submit);

            Assert.Empty(result.Errors);
            int refused = context.Emulator.Requests.Count(r => r.Endpoint == EmulatorEndpoints.Create && r.StatusCode == 503);
            Assert.True(refused > 0, "the dice gave no 503: the test proves nothing");
            string[] created = JournalOf(context).Split('\n').Where(l => l.Contains("\"state\":\"Created\"", StringComparison.Ordinal)).ToArray();
            Assert.Equal(refused, created.Sum(l => Newtonsoft.Json.Linq.JObject.Parse(l).Value<int?>("repeats") ?? 0));
            int repeatedRows = created.Count(l => Newtonsoft.Json.Linq.JObject.Parse(l).Value<int?>("repeats") > 0);
            Assert.Equal(repeatedRows, result.Warnings.Count(w => w.Contains("sent again", StringComparison.Ordinal) && w.StartsWith("Row ", StringComparison.Ordinal)));
            Assert.Single(result.Warnings, w => w.StartsWith($"{repeatedRows} row(s) were sent again", StringComparison.Ordinal));
            Assert.Equal(10, context.Emulator.CreateCount);
        }

        // ---- #7 ----

        [Fact]
        public async Task TheApiKeyNeverFollowsARedirectToAnotherHost()
        {
            await using AkoolEmulator elsewhere = await AkoolEmulator.StartAsync(new EmulatorOptions());
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Emulator.Faults.ApiRedirect = FaultRule.Always();
            context.Emulator.Faults.RedirectTo = elsewhere.BaseUri;

            ScriptResult result = context.Run("Connect-Akool -BaseUri $baseUri -ApiKey $apiKey -MaximumRetryCount 1 -RetryInterval 0.05");

            Assert.Equal("AkoolRedirectRefused", Assert.IsType<ErrorRecord>(result.TerminatingError?.ErrorRecord ?? result.Errors.Single()).FullyQualifiedErrorId.Split(',')[0]);
            Assert.Empty(elsewhere.Requests);
        }

        // ---- #2 ----

        [Fact]
        public async Task ASecondRunWithTheSameJournalIsRefusedWhileTheFirstHoldsIt()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run(Connect);
            string path = Path.Combine(context.Folder, "batch.journal");

            using (BatchJournal.Open(path))
            {
                ScriptResult second = context.Run(ModuleTestContext.Rows(3) + Submit);

                Assert.Equal("AkoolJournalInUse", Assert.Single(second.ErrorIds));
                Assert.Equal(ErrorCategory.ResourceBusy, second.Errors[0].CategoryInfo.Category);
                Assert.Equal(0, context.Emulator.CreateCount);
            }

            ScriptResult afterwards = context.Run(ModuleTestContext.Rows(3) + Submit);
            Assert.Empty(afterwards.Errors);
            Assert.Equal(3, context.Emulator.CreateCount);
        }

        [Fact]
        public async Task TwoRunspacesRunningOneJournalAtOnceCreateEachRowOnce()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run(Connect);
            context.Emulator.Faults.Latency = TimeSpan.FromMilliseconds(100);
            using PowerShellSession other = PowerShellSession.Start(context.Folder);

            using RunningScript first = context.Begin(ModuleTestContext.Rows(10) + Submit);
            Eventually.True(() => context.Emulator.CreateCount > 0 || first.Completion.IsCompleted, TimeSpan.FromSeconds(30), "the first run is creating");
            ScriptResult second = other.Run(ModuleTestContext.Rows(10) + Submit, context.Variables());
            await first.Completion.WaitAsync(TimeSpan.FromMinutes(1));

            Assert.Contains("AkoolJournalInUse", second.ErrorIds);
            Assert.Equal(10, context.Emulator.CreateCount);
        }

        [Fact]
        public async Task AnotherProcessRunningTheJournalUnderAnotherNameMakesThisRunRefuseItAndEachRowIsCreatedOnce()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run(Connect);
            context.Emulator.Faults.Latency = TimeSpan.FromMilliseconds(300);
            string journal = Path.Combine(context.Folder, "batch.journal");
            using (BatchJournal.Open(journal))
            {
            }
            // The other process reaches the same file through a hard link: the lock is the file's, not the name's.
            Akool.Tests.Journal.JournalLockTests.HardLink(journal, Path.Combine(context.Folder, "linked.journal"));
            string script = Path.Combine(context.Folder, "other-process.ps1");
            await File.WriteAllTextAsync(script,
                "Connect-Akool -BaseUri $env:AKOOL_TEST_BASE -ApiKey $env:AKOOL_TEST_KEY\n" + ModuleTestContext.Rows(8) +
                "$rows | New-AkoolTalkingPhoto -JournalPath ./linked.journal -ThrottleLimit 1 | ForEach-Object { $_.Id }\n");

            // A second PowerShell process (as a second console or a scheduled runbook would be), same journal.
            Task<ChildResult> other = ChildProcess.RunAsync(ChildProcess.TestHostDll, new[] { "run-script", script },
                new System.Collections.Generic.Dictionary<string, string?> { ["AKOOL_TEST_BASE"] = context.Emulator.BaseUri.AbsoluteUri, ["AKOOL_TEST_KEY"] = context.Emulator.Options.ApiKey });
            // A create at the emulator means the other process holds the journal (it opens it before sending).
            Eventually.True(() => other.IsCompleted || context.Emulator.CreateCount > 0, TimeSpan.FromSeconds(60), "the other process is submitting");
            Assert.False(other.IsCompleted, "the other process ended before this one could try its journal");

            ScriptResult here = context.Run(ModuleTestContext.Rows(8) + Submit);
            ChildResult there = await other;

            Assert.Equal("AkoolJournalInUse", Assert.Single(here.ErrorIds));
            Assert.True(there.ExitCode == 0, there.StandardOutput + there.StandardError);
            Assert.Equal(8, context.Emulator.CreateCount);
        }

        // ---- #3 ----

        [Fact]
        public async Task AJournalReEncodedAsUtf16IsRefusedAndNothingIsBilledAgain()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run(Connect);
            context.Run(ModuleTestContext.Rows(3) + Submit);
            string path = Path.Combine(context.Folder, "batch.journal");
            File.WriteAllText(path, File.ReadAllText(path).Replace("\n", "\r\n", StringComparison.Ordinal), Encoding.Unicode);

            ScriptResult rerun = context.Run(ModuleTestContext.Rows(4) + Submit);
            ScriptResult again = context.Run(ModuleTestContext.Rows(4) + Submit);

            Assert.Equal("AkoolJournalInvalid", Assert.Single(rerun.ErrorIds));
            Assert.Contains("UTF-16", rerun.Errors[0].ErrorDetails.Message, StringComparison.Ordinal);
            Assert.Equal("AkoolJournalInvalid", Assert.Single(again.ErrorIds));
            Assert.Equal(3, context.Emulator.CreateCount);
        }

        [Fact]
        public async Task AJournalWithAUtf8ByteOrderMarkIsReadAndKept()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run(Connect);
            context.Run(ModuleTestContext.Rows(3) + Submit);
            string path = Path.Combine(context.Folder, "batch.journal");
            File.WriteAllText(path, File.ReadAllText(path), new UTF8Encoding(true));

            ScriptResult rerun = context.Run(ModuleTestContext.Rows(3) + Submit);

            Assert.Empty(rerun.Errors);
            Assert.Equal(3, context.Emulator.CreateCount);
        }

        // ---- #9 ----

        [Fact]
        public async Task UnreadableStatusAnswersDoNotEndAVideo()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run(Connect);
            context.Emulator.Faults.Html200Answer = new FaultRule(0.2, EmulatorEndpoints.Status | EmulatorEndpoints.Credit);
            context.Emulator.Faults.MissingCode = new FaultRule(0.1, EmulatorEndpoints.Status | EmulatorEndpoints.Credit);

            ScriptResult result = context.Run(Connect.Replace("5", "10", StringComparison.Ordinal) + ModuleTestContext.Rows(10) + "$rows | New-AkoolTalkingPhoto | Wait-AkoolVideo -PollInterval 0.5");

            Assert.Empty(result.Errors);
            Assert.Equal(10, result.OutputOf<AkoolVideo>().Count(v => v.Status == AkoolVideoStatus.Completed));
            Assert.Contains(context.Emulator.Requests, r => r.Fault == nameof(EmulatorFaults.Html200Answer) && r.Endpoint == EmulatorEndpoints.Status);
        }

        // ---- #11 ----

        [Fact]
        public async Task AConnectionHandedOutByPassThruOutlivesALaterConnect()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();

            ScriptResult result = context.Run(
                "$kept = Connect-Akool -BaseUri $baseUri -ApiKey $apiKey -PassThru\n" +
                "Connect-Akool -BaseUri $baseUri -ApiKey $apiKey\n" +
                "Get-AkoolCredit -Connection $kept\n" +
                "Disconnect-Akool -Connection $kept\n" +
                "Get-AkoolCredit");

            Assert.Empty(result.Errors);
            Assert.Equal(2, result.Output.Count);
        }

        // ---- #14 ----

        [Fact]
        public async Task ATokenReadWithItsTrailingNewlineWorks()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            string token = await MintAsync(context.Emulator);

            ScriptResult result = context.Run("Connect-Akool -BaseUri $baseUri -Token ($token + \"`r`n\")\nConnect-Akool -BaseUri $baseUri -ClientId \" $clientId`n\" -ClientSecret ($clientSecret + \"`n\")\nGet-AkoolCredit",
                new System.Collections.Generic.Dictionary<string, object?> { ["token"] = token });

            Assert.Empty(result.Errors);
            Assert.Null(result.TerminatingError);
            Assert.Single(result.Output);
        }

        [Fact]
        public async Task AKeyAHeaderCannotCarryIsRefusedAtOnceAndNothingIsSent()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            var clock = System.Diagnostics.Stopwatch.StartNew();

            ScriptResult result = context.Run("Connect-Akool -BaseUri $baseUri -ApiKey ('kéy' + $apiKey)");

            ErrorRecord error = Assert.IsType<ErrorRecord>(result.TerminatingError?.ErrorRecord ?? result.Errors.Single());
            Assert.Equal("AkoolInvalidCredential", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Empty(context.Emulator.Requests);
            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        }

        // ---- #10 ----

        [Fact]
        public async Task ADrippingDownloadIsCutByTheStallRuleAndLeavesNoFile()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run("Connect-Akool -BaseUri $baseUri -ApiKey $apiKey -MaximumRetryCount 1 -RetryInterval 0.05 -RequestTimeout 1");
            context.Emulator.Faults.DripDownload = FaultRule.Always(EmulatorEndpoints.Download);
            context.Emulator.Faults.DripInterval = TimeSpan.FromMilliseconds(100);

            using RunningScript running = context.Begin(ModuleTestContext.Rows(1) + "$rows | New-AkoolTalkingPhoto | Wait-AkoolVideo -PollInterval 0.5 | Save-AkoolVideo -Destination ./videos");
            bool finished = await Task.WhenAny(running.Completion, Task.Delay(TimeSpan.FromSeconds(45))) == running.Completion;
            if (!finished) running.Stop();

            Assert.True(finished, "Save-AkoolVideo was still downloading a dripping body after 45 s");
            ErrorRecord error = Assert.Single(running.Streams.Error);
            Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
            Assert.Empty(Directory.GetFiles(Path.Combine(context.Folder, "videos")));
        }

        private static async Task<string> MintAsync(AkoolEmulator emulator)
        {
            using var http = new System.Net.Http.HttpClient { BaseAddress = emulator.BaseUri };
            string body = $"{{\"clientId\":\"{emulator.Options.ClientId}\",\"clientSecret\":\"{emulator.Options.ClientSecret}\"}}";
            using var response = await http.PostAsync("/api/open/v3/getToken", new System.Net.Http.StringContent(body, Encoding.UTF8, "application/json"));
            string json = await response.Content.ReadAsStringAsync();
            return System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("token").GetString()!;
        }

        // ---- Also: -WhatIf with a journal ----

        [Fact]
        public async Task WhatIfWithAJournalCreatesNoJournalFile()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run(Connect);

            ScriptResult result = context.Run(ModuleTestContext.Rows(2) + Submit + " -WhatIf");

            Assert.Empty(result.Errors);
            Assert.False(File.Exists(Path.Combine(context.Folder, "batch.journal")));
            Assert.False(File.Exists(Path.Combine(context.Folder, "batch.journal.lock")));
            Assert.Equal(0, context.Emulator.CreateCount);
        }
    }
}
