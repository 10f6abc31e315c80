using System;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Emulator;
using Akool.Tests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace Akool.Tests.Commands
{
    /// <summary>Akool going silent while Wait-AkoolVideo waits: a warning while it lasts, and the timeout names it.</summary>
    public sealed class WaitOutageTests
    {
        private readonly ITestOutputHelper _output;

        public WaitOutageTests(ITestOutputHelper output) => _output = output;

        public static TheoryData<string> Outages() => new() { nameof(EmulatorFaults.Http503), nameof(EmulatorFaults.DropConnection) };

        [Theory]
        [MemberData(nameof(Outages))]
        public async Task AnOutageIsWarnedOnceAndTheTimeoutNamesItAsTheCause(string outage)
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync(o => o.ProcessingTime = TimeSpan.FromHours(1));
            context.Connect("-MaximumRetryCount 0");
            var videos = context.Run(ModuleTestContext.Rows(2) + "$rows | New-AkoolTalkingPhoto").OutputOf<AkoolVideo>();

            // Akool answers the first checks, then goes silent.
            using RunningScript running = context.Begin("$v | Wait-AkoolVideo -Timeout 3 -PollInterval 0.2", new() { ["v"] = videos.ToArray() });
            Eventually.True(() => context.Emulator.Requests.Count(r => r.Endpoint == EmulatorEndpoints.Status) >= 2, TimeSpan.FromSeconds(10), "the videos were checked");
            if (outage == nameof(EmulatorFaults.Http503)) context.Emulator.Faults.Http503 = FaultRule.Always(EmulatorEndpoints.Status);
            else context.Emulator.Faults.DropConnection = FaultRule.Always(EmulatorEndpoints.Status);
            await running.Completion.WaitAsync(TimeSpan.FromSeconds(30));

            var warnings = running.Streams.Warning.Select(w => w.Message).ToList();
            var errors = running.Streams.Error.ToList();
            _output.WriteLine(string.Join(Environment.NewLine, warnings.Concat(errors.Select(e => e.ErrorDetails.Message))));
            string warning = Assert.Single(warnings);
            // The last known status is the one Akool last answered, not "Unknown".
            Assert.DoesNotContain(nameof(AkoolVideoStatus.Unknown), warning, StringComparison.Ordinal);
            Assert.Equal(new[] { "AkoolWaitTimeout", "AkoolWaitTimeout" }, errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
            Assert.All(errors, e =>
            {
                Assert.Equal(ErrorCategory.OperationTimeout, e.CategoryInfo.Category);
                // The cause travels with the error: the last failed status request.
                Assert.IsType<AkoolApiException>(e.Exception.InnerException);
            });
        }

        [Fact]
        public async Task AVideoThatIsSlowButAnsweredForTimesOutWithoutAnOutageWarning()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync(o => o.ProcessingTime = TimeSpan.FromHours(1));
            context.Connect();
            var videos = context.Run(ModuleTestContext.Rows(1) + "$rows | New-AkoolTalkingPhoto").OutputOf<AkoolVideo>();

            ScriptResult result = context.Run("$v | Wait-AkoolVideo -Timeout 2 -PollInterval 0.2", new() { ["v"] = videos.ToArray() });

            Assert.Empty(result.Warnings);
            Assert.Equal(new[] { "AkoolWaitTimeout" }, result.ErrorIds);
            Assert.Null(result.Errors[0].Exception.InnerException);
        }
    }
}
