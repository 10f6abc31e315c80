using System;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Akool.Tests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace Akool.Tests.Scripts
{
    /// <summary>
    /// README's demo, `dotnet pwsh ./build.ps1 -Task Demo`, run as a user runs it: the real script in the repository's
    /// pwsh, its incremental build of the module and the emulator (already built by the build these tests come from),
    /// the real emulator process, the real module. Its work is all in that child process, so it runs beside the
    /// in-process tests (<see cref="ChildProcessTests"/>).
    /// </summary>
    [Collection(ChildProcessTests.Demo)]
    public sealed class DemoTests
    {
        private readonly ITestOutputHelper _output;

        public DemoTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task TheDemoBuildsStartsTheEmulatorAndSavesAFolderOfVideos()
        {
            ChildResult run = await ChildProcess.RunPwshAsync("./build.ps1", "-Task", "Demo");

            string report = run.StandardOutput + run.StandardError;
            _output.WriteLine(report);
            Assert.True(run.ExitCode == 0, report);
            string demo = Path.Combine(RepositoryPaths.Root, "out", "demo");
            string[] videos = Directory.GetFiles(demo, "*.mp4").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray()!;
            Assert.Equal(new[] { "onboarding 1_3.mp4", "onboarding 2_3.mp4", "pricing.mp4", "product-tour.mp4", "support-hours.mp4", "thank-you.mp4", "welcome.mp4" }, videos);
            Assert.All(videos, v => Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(Path.Combine(demo, v)), 4, 4)));
            string[] lines = run.StandardOutput.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
            Assert.Contains(lines, l => l.StartsWith("AkoolVideoFailed:", StringComparison.Ordinal) && l.Contains("broken-photo", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("7 video(s) saved", StringComparison.Ordinal) && l.EndsWith("1 error(s).", StringComparison.Ordinal));
            Assert.Equal("Emulator stopped.", lines.Last(l => l.Length > 0));

            // The emulator the demo started is gone: its port no longer answers.
            int port = int.Parse(Regex.Match(run.StandardOutput, @"Starting the Akool emulator on http://127\.0\.0\.1:(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            using var client = new TcpClient();
            await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(System.Net.IPAddress.Loopback, port));
        }
    }
}
