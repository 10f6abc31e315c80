using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Commands
{
    /// <summary>Ctrl+C (PowerShell.Stop) during a single call, during Wait and during Save returns promptly and leaves no partial file.</summary>
    public sealed class CancellationTests
    {
        // Generous: "promptly" means well under a poll interval or a download, not a benchmark.
        private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(3);

        [Fact]
        public async Task StopDuringWaitReturnsPromptly()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync(o => o.ProcessingTime = TimeSpan.FromMinutes(10));
            context.Connect();
            var videos = context.Run(ModuleTestContext.Rows(5) + "$rows | New-AkoolTalkingPhoto").OutputOf<AkoolVideo>();

            using RunningScript running = context.Begin("$videos | Wait-AkoolVideo -PollInterval 60", new() { ["videos"] = videos.ToArray() });
            Eventually.True(() => running.Streams.Progress.Count > 0, TimeSpan.FromSeconds(10), "Wait-AkoolVideo shows progress");

            var clock = Stopwatch.StartNew();
            running.Stop();
            await running.Completion.WaitAsync(Prompt);

            Assert.True(clock.Elapsed < Prompt, $"stop took {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.Equal(PSInvocationState.Stopped, running.State);
            Assert.Empty(running.Output);
        }

        [Fact]
        public async Task StopDuringASingleCallReturnsPromptly()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();
            // Akool answers nothing for a minute: the call blocks the pipeline thread until Ctrl+C.
            context.Emulator.Faults.Latency = TimeSpan.FromMinutes(1);
            using var calling = new System.Threading.ManualResetEventSlim();

            using RunningScript running = context.Begin("$calling.Set(); Get-AkoolCredit", new() { ["calling"] = calling });
            Assert.True(calling.Wait(TimeSpan.FromSeconds(10)), "Get-AkoolCredit is about to call");

            var clock = Stopwatch.StartNew();
            running.Stop();
            await running.Completion.WaitAsync(Prompt);

            Assert.True(clock.Elapsed < Prompt, $"stop took {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.Equal(PSInvocationState.Stopped, running.State);
            Assert.Empty(running.Output);
        }

        [Fact]
        public async Task StopDuringSaveReturnsPromptlyAndLeavesNoPartialFile()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync(o => o.VideoSize = 1L << 30);
            context.Connect();
            var videos = context.Run(ModuleTestContext.Rows(2) + "$rows | New-AkoolTalkingPhoto | Wait-AkoolVideo -PollInterval 0.5").OutputOf<AkoolVideo>();
            Assert.Equal(2, videos.Count);
            string folder = Path.Combine(context.Folder, "videos");

            using RunningScript running = context.Begin("$videos | Save-AkoolVideo -Destination ./videos", new() { ["videos"] = videos.ToArray() });
            Eventually.True(() => Directory.Exists(folder) && Directory.GetFiles(folder, "*" + Akool.Client.VideoDownloader.PartialSuffix).Any(f => new FileInfo(f).Length > 0),
                TimeSpan.FromSeconds(20), "a download is under way");

            var clock = Stopwatch.StartNew();
            running.Stop();
            await running.Completion.WaitAsync(Prompt);

            Assert.True(clock.Elapsed < Prompt, $"stop took {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.Equal(PSInvocationState.Stopped, running.State);
            Assert.Empty(Directory.GetFiles(folder, "*" + Akool.Client.VideoDownloader.PartialSuffix));
            // Any .mp4 that exists was completed before the stop, and is whole.
            foreach (string file in Directory.GetFiles(folder, "*.mp4")) Assert.Equal(1L << 30, new FileInfo(file).Length);
        }
    }
}
