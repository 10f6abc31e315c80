using System;
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
    /// Akool has no idempotency key: a create whose answer is lost may have made and billed a video. Such a row is
    /// reported as "outcome unknown", journaled, and never sent again without -Force; a create that provably was
    /// not processed (429, 503, 1005) is retried.
    /// </summary>
    public sealed class UnknownOutcomeTests
    {
        private const string Connect = "Connect-Akool -BaseUri $baseUri -ApiKey $apiKey -MaximumRetryCount 5 -RetryInterval 0.05 -RequestTimeout 1\n";

        [Fact]
        public async Task ACreateWhoseAnswerIsLostIsReportedNotRepeatedAndJournaledAsUnknown()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run(Connect);
            context.Emulator.Faults.DropConnection = FaultRule.Always(EmulatorEndpoints.Create);

            ScriptResult first = context.Run(ModuleTestContext.Rows(3) + "$rows | New-AkoolTalkingPhoto -JournalPath ./batch.journal");

            Assert.Empty(first.Output);
            Assert.Equal(Enumerable.Repeat("AkoolCreateOutcomeUnknown", 3), first.ErrorIds);
            Assert.All(first.Errors, e => Assert.Equal(ErrorCategory.OperationTimeout, e.CategoryInfo.Category));
            Assert.Equal(3, context.Emulator.CreateCount); // Akool did make them: exactly why they must not be resent.
            string journal = File.ReadAllText(Path.Combine(context.Folder, "batch.journal"));
            Assert.Equal(3, journal.Split('\n').Count(l => l.Contains("\"state\":\"Unknown\"", StringComparison.Ordinal)));

            context.Emulator.Faults.DropConnection = FaultRule.Off;
            ScriptResult rerun = context.Run(ModuleTestContext.Rows(3) + "$rows | New-AkoolTalkingPhoto -JournalPath ./batch.journal");

            Assert.Equal(Enumerable.Repeat("AkoolAlreadySubmittedOutcomeUnknown", 3), rerun.ErrorIds);
            Assert.Contains("-Force", rerun.Errors[0].Exception.Message);
            Assert.Equal(3, context.Emulator.CreateCount);

            ScriptResult forced = context.Run(ModuleTestContext.Rows(3) + "$rows | New-AkoolTalkingPhoto -JournalPath ./batch.journal -Force");

            Assert.Empty(forced.Errors);
            Assert.Equal(3, forced.OutputOf<AkoolVideo>().Count);
            Assert.Equal(3, forced.Warnings.Count);
            Assert.Equal(6, context.Emulator.CreateCount);
        }

        [Fact]
        public async Task ACreateThatTimesOutIsNotRepeated()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run(Connect);
            context.Emulator.Faults.LatencySpike = FaultRule.Always(EmulatorEndpoints.Create);
            context.Emulator.Faults.LatencySpikeDuration = TimeSpan.FromSeconds(3);

            ScriptResult result = context.Run(ModuleTestContext.Rows(1) + "$rows | New-AkoolTalkingPhoto");

            Assert.Equal(new[] { "AkoolCreateOutcomeUnknown" }, result.ErrorIds);
            // The emulator records a request when its (delayed) answer ends, after the client gave up.
            Eventually.True(() => context.Emulator.Requests.Any(r => r.Endpoint == EmulatorEndpoints.Create), TimeSpan.FromSeconds(10), "the create is recorded");
            Assert.Equal(1, context.Emulator.Requests.Count(r => r.Endpoint == EmulatorEndpoints.Create));
        }

        [Theory]
        [InlineData("503")]
        [InlineData("429")]
        [InlineData("1005")]
        public async Task ACreateRefusedBeforeProcessingIsRetriedAndSucceeds(string fault)
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run(Connect);
            EmulatorFaults f = context.Emulator.Faults;
            switch (fault)
            {
                case "503": f.Http503 = FaultRule.Always(EmulatorEndpoints.Create); break;
                case "429": f.Http429 = FaultRule.Always(EmulatorEndpoints.Create); break;
                default: f.Code1005 = FaultRule.Always(EmulatorEndpoints.Create); break;
            }

            using RunningScript running = context.Begin(ModuleTestContext.Rows(1) + "$rows | New-AkoolTalkingPhoto -Verbose");
            Eventually.True(() => context.Emulator.Requests.Count(r => r.Endpoint == EmulatorEndpoints.Create) >= 2, TimeSpan.FromSeconds(10), "a retry");
            f.Http503 = f.Http429 = f.Code1005 = FaultRule.Off;
            await running.Completion.WaitAsync(TimeSpan.FromSeconds(20));

            Assert.Single(running.Output);
            Assert.Equal(1, context.Emulator.CreateCount);
            Assert.Contains(running.Streams.Verbose, v => v.Message.Contains("Retry 1 of 5", StringComparison.Ordinal));
        }

        [Fact]
        public async Task RowsRepeatedManyTimesUnderThrottlingGetOneWarningLineEachAndOneSummary()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run("Connect-Akool -BaseUri $baseUri -ApiKey $apiKey -MaximumRetryCount 3 -RetryInterval 0.05");
            context.Emulator.Faults.Http429 = FaultRule.Always(EmulatorEndpoints.Create);
            context.Emulator.Faults.RetryAfterSeconds = 0;

            ScriptResult result = context.Run(ModuleTestContext.Rows(3) + "$rows | New-AkoolTalkingPhoto -JournalPath ./batch.journal -Verbose");

            // Every row was sent four times (three repeats), and its attempts ran out.
            Assert.Equal(Enumerable.Repeat("AkoolThrottled", 3), result.ErrorIds);
            Assert.Equal(12, context.Emulator.Requests.Count(r => r.Endpoint == EmulatorEndpoints.Create));
            Assert.All(result.Warnings, w => Assert.DoesNotContain('\n', w));
            for (int row = 1; row <= 3; row++)
            {
                string name = $"Row {row} ";
                Assert.Single(result.Warnings, w => w.StartsWith(name, StringComparison.Ordinal) && w.Contains("sent again", StringComparison.Ordinal));
            }
            string summary = Assert.Single(result.Warnings, w => !w.StartsWith("Row ", StringComparison.Ordinal));
            Assert.Contains("3 row(s) were sent again", summary, StringComparison.Ordinal);
            Assert.Contains("rows 1, 2, 3", summary, StringComparison.Ordinal);
            Assert.Equal(4, result.Warnings.Count);
            Assert.Contains(result.Verbose, v => v.Contains("(repeat 3)", StringComparison.Ordinal));
            string[] lines = File.ReadAllLines(Path.Combine(context.Folder, "batch.journal"));
            Assert.Equal(9, lines.Where(l => l.Contains("\"repeats\"", StringComparison.Ordinal)).Sum(l => Newtonsoft.Json.Linq.JObject.Parse(l).Value<int>("repeats")));
        }

        [Fact]
        public async Task RetriesRunOutWithAThrottledErrorNamingTheRow()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run("Connect-Akool -BaseUri $baseUri -ApiKey $apiKey -MaximumRetryCount 2 -RetryInterval 0.05");
            context.Emulator.Faults.Code1005 = FaultRule.Always(EmulatorEndpoints.Create);

            ScriptResult result = context.Run(ModuleTestContext.Rows(1) + "$rows | New-AkoolTalkingPhoto");

            Assert.Equal(new[] { "AkoolThrottled" }, result.ErrorIds);
            Assert.Equal(ErrorCategory.LimitsExceeded, result.Errors[0].CategoryInfo.Category);
            Assert.Contains("clip001", result.Errors[0].ErrorDetails.Message);
            Assert.Equal(3, context.Emulator.Requests.Count(r => r.Endpoint == EmulatorEndpoints.Create));
            Assert.Equal(0, context.Emulator.CreateCount);
        }
    }
}
