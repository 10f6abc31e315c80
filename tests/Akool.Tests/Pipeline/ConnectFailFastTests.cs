using System;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Tests.Client;
using Akool.Tests.Harness;
using Akool.Tests.Proxy;
using Xunit;

namespace Akool.Tests.Pipeline
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
            // The fixes are said once, in RecommendedAction, not repeated in the message.
            string advice = error.ErrorDetails.RecommendedAction;
            Assert.Contains("-BaseUri", advice, StringComparison.Ordinal);
            Assert.DoesNotContain("-BaseUri", error.ErrorDetails.Message, StringComparison.Ordinal);
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
