using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Emulator
{
    /// <summary>
    /// The built emulator run as users run it (`dotnet Akool.Emulator.dll ...`): a mistake on its command line is one
    /// line naming the option and exit code 2, never a stack trace.
    /// </summary>
    public sealed class EmulatorProcessTests
    {
        [Fact]
        public async Task AShortClientSecretStartsAndExplainsTheWebhookLimit()
        {
            using Process process = Process.Start(ChildProcess.StartInfo(ChildProcess.EmulatorDll, new[] { "--client-secret", "s-1", "--urls", "http://127.0.0.1:0", "--quiet" }))!;
            Task<string> errors = process.StandardError.ReadToEndAsync();
            var banner = new StringBuilder();
            try
            {
                using var limit = new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(60));
                string? line;
                while ((line = await process.StandardOutput.ReadLineAsync(limit.Token)) != null)
                {
                    banner.AppendLine(line);
                    if (line.Contains("Press Ctrl+C", StringComparison.Ordinal)) break;
                }
                Assert.True(line != null, "the emulator stopped: " + banner);
                Assert.False(process.HasExited);
                Assert.Contains("webhooks:", banner.ToString(), StringComparison.Ordinal);
                Assert.Contains("16, 24 or 32", banner.ToString(), StringComparison.Ordinal);
                Assert.Contains("-ApiKey s-1", banner.ToString(), StringComparison.Ordinal);
            }
            finally
            {
                process.Kill(entireProcessTree: true);
            }
            string stderr = await errors.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("--bogus", "--bogus")]
        [InlineData("--credit lots", "--credit")]
        [InlineData("--urls not-an-address", "--urls")]
        [InlineData("--fault 503", "--fault")]
        public async Task ABadOptionPrintsOneLineNamingItAndExitsWithTwo(string arguments, string named)
        {
            ChildResult result = await ChildProcess.RunAsync(ChildProcess.EmulatorDll, arguments.Split(' '));

            AssertOneLineFailure(result, named);
        }

        [Fact]
        public async Task APortInUsePrintsOneLineAndExitsWithTwo()
        {
            var busy = new TcpListener(IPAddress.Loopback, 0);
            busy.Start();
            try
            {
                int port = ((IPEndPoint)busy.LocalEndpoint).Port;
                ChildResult result = await ChildProcess.RunAsync(ChildProcess.EmulatorDll, new[] { "--urls", "http://127.0.0.1:" + port, "--quiet" });

                AssertOneLineFailure(result, "--urls");
                Assert.Contains("in use", result.StandardError, StringComparison.Ordinal);
            }
            finally
            {
                busy.Stop();
            }
        }

        private static void AssertOneLineFailure(ChildResult result, string named)
        {
            Assert.Equal(2, result.ExitCode);
            string[] lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.True(lines.Length == 1, "expected one line, got: " + result.StandardError);
            Assert.Contains(named, lines[0], StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", result.StandardError, StringComparison.Ordinal);
        }
    }
}
