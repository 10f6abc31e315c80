using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using Akool.Client;
using Xunit;

namespace Akool.Tests.Client
{
    /// <summary>
    /// What a billed create's failure proves: a status nobody in the way explains leaves the outcome unknown; a
    /// connection whose handshake failed sent nothing, so the create may be sent again.
    /// </summary>
    public sealed class CreateOutcomeTests
    {
        private const string Id = "0123456789abcdef01234567";
        private const string Created = "{\"code\":1000,\"msg\":\"OK\",\"data\":{\"_id\":\"" + Id + "\",\"video_status\":1}}";
        private static readonly TalkingPhotoRequest Request = new TalkingPhotoRequest { TalkingPhotoUrl = "https://i.example.com/f.jpg", AudioUrl = "https://a.example.com/v.mp3" };
        private static readonly SpeechRequest Speech = new SpeechRequest { InputText = "Hello", VoiceId = "voice-1" };

        private static AkoolClient ClientFor(ScriptedHandler handler, ProxySettings proxy, int retries = 3) =>
            new AkoolClient(new AkoolClientOptions
            {
                BaseUri = new Uri("https://api.example.com"),
                Retry = new RetryPolicy(retries, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(20)),
                Proxy = proxy,
            }, new ApiKeyAuthenticator(new Secret("key-0123456789abcdef")), handler);

        private static HttpResponseMessage ProxyAuthenticationRequired(HttpRequestMessage _) =>
            new HttpResponseMessage(HttpStatusCode.ProxyAuthenticationRequired) { Content = new StringContent("Proxy Authentication Required") };

        private static HttpResponseMessage HandshakeFailed(HttpRequestMessage _) =>
            throw new HttpRequestException("The SSL connection could not be established.", new AuthenticationException("The remote certificate is invalid."));

        [Fact]
        public async Task A407AfterACreateWithNoProxyConfiguredHasAnUnknownOutcome()
        {
            var videos = new ScriptedHandler(ProxyAuthenticationRequired);
            var speeches = new ScriptedHandler(ProxyAuthenticationRequired);
            using AkoolClient video = ClientFor(videos, ProxySettings.NoProxy);
            using AkoolClient speech = ClientFor(speeches, ProxySettings.NoProxy);

            var videoError = await Assert.ThrowsAsync<AkoolApiException>(() => video.CreateTalkingPhotoAsync(Request, null, CancellationToken.None));
            var speechError = await Assert.ThrowsAsync<AkoolApiException>(() => speech.CreateSpeechAsync(Speech, null, CancellationToken.None));

            Assert.Equal(AkoolErrorKind.OutcomeUnknown, videoError.Kind);
            Assert.Equal(AkoolErrorKind.OutcomeUnknown, speechError.Kind);
            Assert.Single(videos.Requests);
            Assert.Single(speeches.Requests);
        }

        [Fact]
        public async Task A407ThroughAConfiguredProxyIsTheProxyAskingForCredentials()
        {
            var handler = new ScriptedHandler(ProxyAuthenticationRequired);
            using AkoolClient client = ClientFor(handler, ProxySettings.Explicit(new Uri("http://proxy.example.net:3128"), null, false));

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.CreateTalkingPhotoAsync(Request, null, CancellationToken.None));

            Assert.Equal(AkoolErrorKind.ProxyAuthentication, error.Kind);
            Assert.Contains("proxy.example.net:3128", error.Message, StringComparison.Ordinal);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task ASpeechCreatesUnknownOutcomeSpeaksOfTheSpeechNotOfAVideo()
        {
            using AkoolClient client = ClientFor(new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.BadGateway)), ProxySettings.NoProxy);

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.CreateSpeechAsync(Speech, null, CancellationToken.None));

            Assert.Equal(AkoolErrorKind.OutcomeUnknown, error.Kind);
            Assert.Contains("speech", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("video", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task ACreateCutOffMidAnswerEndsItsCauseWithAFullStopBeforeSayingItWasSent()
        {
            using AkoolClient client = ClientFor(new ScriptedHandler(_ => throw new HttpRequestException("Error while copying content to a stream.", new System.IO.IOException("Connection reset by peer"))), ProxySettings.NoProxy);

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.CreateTalkingPhotoAsync(Request, null, CancellationToken.None));

            Assert.Equal(AkoolErrorKind.OutcomeUnknown, error.Kind);
            Assert.Contains("Connection reset by peer. The create was sent", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task ACreateWhoseTlsHandshakeFailedWasNotSentAndIsSentAgainAsARepeat()
        {
            var handler = new ScriptedHandler(HandshakeFailed, _ => ScriptedClient.Json(Created));
            using AkoolClient client = ClientFor(handler, ProxySettings.NoProxy);
            var repeats = new List<string>();

            VideoInfo info = await client.CreateTalkingPhotoAsync(Request, null, CancellationToken.None, repeats.Add);

            Assert.Equal(Id, info.Id);
            Assert.Equal(2, handler.Requests.Count);
            Assert.Contains("TLS", Assert.Single(repeats), StringComparison.Ordinal);
        }

        [Fact]
        public async Task ACreateWhoseHandshakeAlwaysFailsIsReportedAsNotSentNeverAsAnUnknownOutcome()
        {
            var handler = new ScriptedHandler(HandshakeFailed, HandshakeFailed);
            using AkoolClient client = ClientFor(handler, ProxySettings.NoProxy, retries: 1);

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.CreateSpeechAsync(Speech, null, CancellationToken.None));

            Assert.Equal(AkoolErrorKind.ServerUnavailable, error.Kind);
            Assert.Equal(2, handler.Requests.Count);
        }
    }
}
