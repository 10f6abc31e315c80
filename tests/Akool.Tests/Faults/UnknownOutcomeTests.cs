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
            Assert.Contains("-Force", rerun.Errors[0].ErrorDetails.RecommendedAction);
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
