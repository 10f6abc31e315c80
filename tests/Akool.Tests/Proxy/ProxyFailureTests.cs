using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Errors;
using Xunit;

namespace Akool.Tests.Proxy
{
    /// <summary>
    /// A proxy that takes the connection and then fails (closes, answers garbage, never answers) is blamed by name,
    /// never reported as Akool not answering, and what it sent reaches no error message raw.
    /// </summary>
    public sealed class ProxyFailureTests
    {
        private static AkoolClient ClientThrough(LoopbackProxy proxy, TimeSpan? requestTimeout = null) =>
            new AkoolClient(new AkoolClientOptions
            {
                // Never reached: every request stops at the proxy.
                BaseUri = new Uri("http://127.0.0.1:9/"),
                Retry = new RetryPolicy(0, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1)),
                RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(30),
                Proxy = ProxySettings.Explicit(proxy.Address, null, false),
            }, new ApiKeyAuthenticator(new Secret("key-0123456789abcdef")));

        [Theory]
        [InlineData(ProxyFault.Close)]
        [InlineData(ProxyFault.Garbage)]
        [InlineData(ProxyFault.Silent)]
        public async Task AReadThroughABrokenProxyFailsAsTheProxyUnavailableNamingIt(ProxyFault fault)
        {
            await using var proxy = new LoopbackProxy { Fault = fault };
            using AkoolClient client = ClientThrough(proxy, TimeSpan.FromMilliseconds(500));

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.GetCreditAsync(null, CancellationToken.None));
            ErrorRecord record = ErrorClassifier.From(error, "Get-AkoolCredit", null);

            Assert.Equal(AkoolErrorKind.ProxyUnavailable, error.Kind);
            Assert.Equal("AkoolProxyUnavailable", record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ConnectionError, record.CategoryInfo.Category);
            Assert.Contains("127.0.0.1:" + proxy.Address.Port, record.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Akool did not answer", record.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.Contains("-NoProxy", record.Exception.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task ACreateThroughAProxyThatClosesHasAnUnknownOutcomeNamingTheProxy()
        {
            await using var proxy = new LoopbackProxy { Fault = ProxyFault.Close };
            using AkoolClient client = ClientThrough(proxy);

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.CreateTalkingPhotoAsync(
                new TalkingPhotoRequest { TalkingPhotoUrl = "https://i.example.com/f.jpg", AudioUrl = "https://a.example.com/v.mp3" }, null, CancellationToken.None));

            // The proxy had the whole request: it may have passed it on.
            Assert.Equal(AkoolErrorKind.OutcomeUnknown, error.Kind);
            Assert.Contains("proxy http://127.0.0.1:" + proxy.Address.Port, error.Message, StringComparison.Ordinal);
            Assert.Single(proxy.Requests);
        }

        [Fact]
        public async Task TheEscapeSequencesOfAProxysStatusLineReachNoErrorMessage()
        {
            await using var proxy = new LoopbackProxy { Fault = ProxyFault.Garbage };
            using AkoolClient client = ClientThrough(proxy);

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.GetCreditAsync(null, CancellationToken.None));
            ErrorRecord record = ErrorClassifier.From(error, "Get-AkoolCredit", null);

            Assert.Contains("NOT-HTTP", record.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\u001b', record.ErrorDetails.Message);
            Assert.DoesNotContain('\u0007', record.ErrorDetails.Message);
            Assert.DoesNotContain('\u001b', record.ToString());
        }
    }
}
