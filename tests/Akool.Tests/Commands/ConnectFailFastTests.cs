using System;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Tests.Client;
using Akool.Tests.Harness;
using Akool.Tests.Proxy;
using Xunit;

namespace Akool.Tests.Commands
{
    /// <summary>
    /// Connect-Akool to a wrong address fails at once, naming the address, the cause and the fixes once; a batch
    /// keeps its retries for the same failure.
    /// </summary>
    public sealed class ConnectFailFastTests
    {
        [Fact]
        public async Task ConnectToAPortWhereNothingListensFailsInUnderThreeSecondsNamingTheAddress()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            Uri closed = LoopbackProxy.ClosedAddress();

            var clock = Stopwatch.StartNew();
            ScriptResult result = context.Run("Connect-Akool -BaseUri $closed -ApiKey $apiKey -NoProxy -Verbose", new() { ["closed"] = closed });
            clock.Stop();

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("AkoolEndpointUnreachable", result.ErrorIds.Single());
            Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed.TotalSeconds:0.00} s");
            Assert.Contains("http://127.0.0.1:" + closed.Port, error.ErrorDetails.Message, StringComparison.Ordinal);
            // The fixes are said once, after the cause.
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(error.Exception.Message, "-BaseUri"));
            Assert.Equal(error.ErrorDetails.Message, error.Exception.Message);
            // One more try, not the batch's five.
            Assert.Single(result.Verbose, v => v.Contains("Retry", StringComparison.Ordinal));
            Assert.Empty(context.Run("Get-AkoolConnection -ErrorAction SilentlyContinue").Output);
        }

        [Fact]
        public async Task TheErrorAsAUserSeesItSaysTheAddressAndEachFixOnce()
        {
            var host = new TextCaptureHost();
            await using ModuleTestContext context = await ModuleTestContext.StartAsync(host: host);
            Uri closed = LoopbackProxy.ClosedAddress();

            context.Run("try { Connect-Akool -BaseUri $closed -ApiKey $apiKey -NoProxy -ErrorAction Stop } catch { $_ | Out-Default }", new() { ["closed"] = closed });

            string shown = host.Text;
            Assert.Contains("127.0.0.1:" + closed.Port, shown, StringComparison.Ordinal);
            Assert.Contains("refused", shown, StringComparison.Ordinal);
            Assert.True(Occurrences(shown, "AKOOL_API_HOST") <= 1, shown);
            Assert.True(Occurrences(shown, "try again later") == 0, shown);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task APeerThatAcceptsAndNeverAnswersFailsWithinConnectTimeoutNamingTheAddressAndTheProxy(bool throughProxy)
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            using var silent = new TcpListener(IPAddress.Loopback, 0);
            silent.Start();
            var held = new System.Collections.Concurrent.ConcurrentBag<TcpClient>();
            using var stop = new CancellationTokenSource();
            _ = Task.Run(async () =>
            {
                // Accepts every connection and never writes a byte, as a stuck proxy does.
                while (!stop.IsCancellationRequested) held.Add(await silent.AcceptTcpClientAsync(stop.Token));
            });
            var silentUri = new Uri("http://127.0.0.1:" + ((IPEndPoint)silent.LocalEndpoint).Port + "/");
            const string ProxyPassword = "Pr0xy-Passw0rd-never-shown";
            string line = throughProxy
                ? "Connect-Akool -BaseUri http://127.0.0.1:9/ -ApiKey $apiKey -Proxy $silent -ProxyCredential $proxyCredential -ConnectTimeout 2"
                : "Connect-Akool -BaseUri $silent -ApiKey $apiKey -NoProxy -ConnectTimeoutSec 2";

            var clock = Stopwatch.StartNew();
            var password = new System.Security.SecureString();
            foreach (char c in ProxyPassword) password.AppendChar(c);
            ScriptResult result = context.Run(line, new() { ["silent"] = silentUri, ["proxyCredential"] = new PSCredential("proxyuser", password) });
            clock.Stop();
            stop.Cancel();
            foreach (TcpClient client in held) client.Dispose();

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("AkoolRequestTimeout,Akool.Commands.ConnectAkoolCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
            // The bound is 2 s; the rest is slack for a loaded machine, far below RequestTimeout (100 s) per try.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed.TotalSeconds:0.00} s");
            string address = throughProxy ? "http://127.0.0.1:9/" : silentUri.ToString();
            Assert.Contains(address, error.ErrorDetails.Message, StringComparison.Ordinal);
            if (throughProxy) Assert.Contains(silentUri.ToString(), error.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(ProxyPassword, result.AllText(), StringComparison.Ordinal);
            Assert.DoesNotContain(ProxyPassword, error.Exception.ToString(), StringComparison.Ordinal);
            Assert.Empty(context.Run("Get-AkoolConnection -ErrorAction SilentlyContinue").Output);
        }

        private static int Occurrences(string text, string part) =>
            (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

        [Fact]
        public async Task TheFirstContactRetriesARefusedConnectionOnceWhileABatchCallKeepsItsRetries()
        {
            static HttpResponseMessage Refused(HttpRequestMessage _) => throw new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused));
            var handler = new ScriptedHandler(Enumerable.Repeat<Func<HttpRequestMessage, HttpResponseMessage>>(Refused, 20).ToArray());
            using var client = new AkoolClient(new AkoolClientOptions
            {
                BaseUri = new Uri("http://127.0.0.1:9"),
                Retry = new RetryPolicy(5, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)),
                Proxy = ProxySettings.NoProxy,
            }, new ApiKeyAuthenticator(new Secret("key-0123456789abcdef")), handler);

            AkoolApiException verify = await Assert.ThrowsAsync<AkoolApiException>(() => client.VerifyAsync(null, CancellationToken.None));
            Assert.Equal(AkoolErrorKind.Unreachable, verify.Kind);
            Assert.Equal(2, handler.Requests.Count);
            Assert.Contains("http://127.0.0.1:9", verify.Message, StringComparison.Ordinal);

            AkoolApiException batch = await Assert.ThrowsAsync<AkoolApiException>(() => client.GetCreditAsync(null, CancellationToken.None));
            Assert.Equal(AkoolErrorKind.ServerUnavailable, batch.Kind);
            Assert.Equal(2 + 6, handler.Requests.Count);
        }
    }
}
