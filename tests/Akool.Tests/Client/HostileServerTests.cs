using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Errors;
using Xunit;

namespace Akool.Tests.Client
{
    /// <summary>
    /// The client alone against the answers a hostile or broken server gives (issue 12): a create is a rejection
    /// only when Akool's envelope says so with a documented code; API redirects are never followed; reads survive
    /// unreadable answers; every repeat of a create is reported.
    /// </summary>
    public sealed class HostileServerTests
    {
        private const string Created = "{\"code\":1000,\"msg\":\"OK\",\"data\":{\"_id\":\"0123456789abcdef01234567\",\"video_status\":1}}";
        private const string Id = "0123456789abcdef01234567";
        private static readonly TalkingPhotoRequest Request = new TalkingPhotoRequest { TalkingPhotoUrl = "https://i.example.com/f.jpg", AudioUrl = "https://a.example.com/v.mp3" };

        private static AkoolClient ClientFor(ScriptedHandler handler, int retries = 3) => ScriptedClient.For(handler, retries);

        private static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) => ScriptedClient.Json(body, status);

        private static HttpResponseMessage Redirect(int status, string location)
        {
            var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new ByteArrayContent(Array.Empty<byte>()) };
            response.Headers.Location = new Uri(location, UriKind.RelativeOrAbsolute);
            return response;
        }

        // ---- #1: a billed create answered oddly is an unknown outcome, never a rejection ----

        [Theory]
        [InlineData("{\"code\":1000,\"data\":{}}")]
        [InlineData("{\"code\":1000,\"msg\":\"OK\",\"data\":{\"_id\":\"\"}}")]
        [InlineData("{\"code\":1000,\"msg\":\"OK\",\"data\":{\"id\":\"0123456789abcdef01234567\"}}")]
        [InlineData("{\"code\":1000,\"msg\":\"OK\"}")]
        [InlineData("{\"code\":1000,\"msg\":\"OK\",\"data\":[]}")]
        public async Task ACreateAnsweredCode1000WithoutAUsableIdHasAnUnknownOutcome(string body)
        {
            var handler = new ScriptedHandler(_ => Json(body));
            using AkoolClient client = ClientFor(handler);

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.CreateTalkingPhotoAsync(Request, null, CancellationToken.None));

            Assert.Equal(AkoolErrorKind.OutcomeUnknown, error.Kind);
            Assert.Single(handler.Requests);
        }

        [Theory]
        [InlineData(400)]
        [InlineData(401)]
        [InlineData(404)]
        [InlineData(408)]
        [InlineData(413)]
        public async Task ACreateAnsweredWithANonEnvelope4xxHasAnUnknownOutcome(int status)
        {
            var handler = new ScriptedHandler(_ => new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent("Bad Request", Encoding.UTF8, "text/plain") });
            using AkoolClient client = ClientFor(handler);

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.CreateTalkingPhotoAsync(Request, null, CancellationToken.None));

            Assert.Equal(AkoolErrorKind.OutcomeUnknown, error.Kind);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task ACreateAnsweredWithAnUndocumentedCodeHasAnUnknownOutcomeButADocumentedRefusalIsARejection()
        {
            using AkoolClient odd = ClientFor(new ScriptedHandler(_ => Json("{\"code\":4242,\"msg\":\"who knows\"}")));
            using AkoolClient refused = ClientFor(new ScriptedHandler(_ => Json("{\"code\":1104,\"msg\":\"insufficient credit\"}")));

            var unknown = await Assert.ThrowsAsync<AkoolApiException>(() => odd.CreateTalkingPhotoAsync(Request, null, CancellationToken.None));
            var rejection = await Assert.ThrowsAsync<AkoolApiException>(() => refused.CreateTalkingPhotoAsync(Request, null, CancellationToken.None));

            Assert.Equal(AkoolErrorKind.OutcomeUnknown, unknown.Kind);
            Assert.Equal(4242, unknown.AkoolCode);
            Assert.Equal(AkoolErrorKind.Quota, rejection.Kind);
        }

        [Fact]
        public async Task TheEscapeSequencesInAkoolsMsgReachNoErrorMessage()
        {
            const string Msg = "bad \u001b[2J\u001b]0;owned\u0007 input";
            using AkoolClient client = ClientFor(new ScriptedHandler(_ => Json("{\"code\":1003,\"msg\":\"" + Msg.Replace("\u001b", "\\u001b").Replace("\u0007", "\\u0007") + "\"}")));

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.GetVideoAsync(Id, null, CancellationToken.None));
            System.Management.Automation.ErrorRecord record = ErrorClassifier.From(error, "Video " + Id, Id);

            Assert.Equal(Msg, error.AkoolMessage);
            Assert.Contains("owned", record.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\u001b', record.ErrorDetails.Message);
            Assert.DoesNotContain('\u0007', record.ErrorDetails.Message);
        }

        // ---- #4 / #7: API calls never follow redirects ----

        [Theory]
        [InlineData(301)]
        [InlineData(302)]
        [InlineData(307)]
        [InlineData(308)]
        public async Task AReadAnsweredWithARedirectIsRefusedNamingTheTargetHost(int status)
        {
            var handler = new ScriptedHandler(_ => Redirect(status, "https://evil.example.net/steal?x=1"));
            using AkoolClient client = ClientFor(handler);

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.GetVideoAsync(Id, null, CancellationToken.None));

            Assert.Equal(AkoolErrorKind.Redirected, error.Kind);
            Assert.Contains("evil.example.net", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("steal", error.Message, StringComparison.Ordinal);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task ACreateAnsweredWithARedirectHasAnUnknownOutcomeAndIsNotResent()
        {
            var handler = new ScriptedHandler(_ => Redirect(307, "https://evil.example.net/api/open/v3/content/video/createbytalkingphoto"));
            using AkoolClient client = ClientFor(handler);

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.CreateTalkingPhotoAsync(Request, null, CancellationToken.None));

            Assert.Equal(AkoolErrorKind.OutcomeUnknown, error.Kind);
            Assert.Contains("evil.example.net", error.Message, StringComparison.Ordinal);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task AGetTokenAnsweredWithARedirectSendsTheSecretNowhereElse()
        {
            var handler = new ScriptedHandler(_ => Redirect(307, "https://evil.example.net/api/open/v3/getToken"));
            using var client = new AkoolClient(new AkoolClientOptions
            {
                BaseUri = new Uri("https://api.example.com"),
                Retry = new RetryPolicy(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(20)),
            }, new ClientCredentialsAuthenticator("client-id", new Secret("secret-0123456789abcdef")), handler);

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.GetCreditAsync(null, CancellationToken.None));

            Assert.Equal(AkoolErrorKind.Redirected, error.Kind);
            Assert.All(handler.Requests, r => Assert.Equal("api.example.com", r.RequestUri!.Host));
        }

        [Fact]
        public void TheApiHandlerFollowsNoRedirectAndTheDownloadHandlerNeverDecompresses()
        {
            using HttpClientHandler api = AkoolClient.CreateHandler(AkoolClient.HandlerPurpose.Api);
            using HttpClientHandler download = AkoolClient.CreateHandler(AkoolClient.HandlerPurpose.Download);

            Assert.False(api.AllowAutoRedirect);
            Assert.True(download.AllowAutoRedirect);
            Assert.Equal(DecompressionMethods.None, download.AutomaticDecompression);
            Assert.Equal(DecompressionMethods.None, api.AutomaticDecompression); // no Accept-Encoding is sent
        }

        // ---- compression nobody asked for ----

        [Fact]
        public async Task AnAnswerGzippedThoughCompressionWasNotAskedForIsStillRead()
        {
            var handler = new ScriptedHandler(_ => Compressed(Created, "gzip"));
            using AkoolClient client = ClientFor(handler);

            VideoInfo info = await client.CreateTalkingPhotoAsync(Request, null, CancellationToken.None);

            Assert.Equal(Id, info.Id);
        }

        [Fact]
        public async Task AGzippedAnswerThatUnfoldsPastTheCapIsRefusedWithoutReadingItAll()
        {
            // 2 MiB of white space inside the JSON compresses to a few KiB; the cap counts the unfolded bytes.
            string huge = "{\"code\":1000,\"msg\":\"" + new string(' ', 2 * 1024 * 1024) + "\",\"data\":{\"credit\":5}}";
            var handler = new ScriptedHandler(_ => Compressed(huge, "gzip"));
            using var client = new AkoolClient(
                new AkoolClientOptions { BaseUri = new Uri("https://api.example.com"), Retry = new RetryPolicy(0, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1)), MaximumAnswerBytes = 64 * 1024 },
                new ApiKeyAuthenticator(new Secret("key-0123456789abcdef")), handler);

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.GetCreditAsync(null, CancellationToken.None));

            Assert.Equal(AkoolErrorKind.InvalidResponse, error.Kind);
            Assert.Contains("larger than 64 KiB", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task AnAnswerInAnotherEncodingIsRefusedByNameNotParsedAsGarbage()
        {
            var handler = new ScriptedHandler(_ => Compressed(Created, "br"));
            using AkoolClient client = ClientFor(handler);

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.CreateTalkingPhotoAsync(Request, null, CancellationToken.None));

            // A create that was answered at all may have been made: its outcome is unknown, and the cause is named.
            Assert.Equal(AkoolErrorKind.OutcomeUnknown, error.Kind);
            Assert.Contains("'br'", error.Message, StringComparison.Ordinal);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task AnAnswerLabelledGzipThatIsNotIsAnUnreadableAnswerAndAReadIsAskedAgain()
        {
            var handler = new ScriptedHandler(
                _ =>
                {
                    HttpResponseMessage response = Json("{\"code\":1000,\"data\":{\"credit\":5}}");
                    response.Content.Headers.ContentEncoding.Add("gzip");
                    return response;
                },
                _ => Json("{\"code\":1000,\"msg\":\"OK\",\"data\":{\"credit\":7}}"));
            using AkoolClient client = ClientFor(handler);

            decimal credit = await client.GetCreditAsync(null, CancellationToken.None);

            Assert.Equal(7m, credit);
            Assert.Equal(2, handler.Requests.Count);
        }

        /// <summary>An answer whose body is gzip-compressed, labelled with <paramref name="encoding"/>.</summary>
        private static HttpResponseMessage Compressed(string body, string encoding)
        {
            using var packed = new System.IO.MemoryStream();
            using (var gzip = new System.IO.Compression.GZipStream(packed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            {
                byte[] text = Encoding.UTF8.GetBytes(body);
                gzip.Write(text, 0, text.Length);
            }

            var content = new ByteArrayContent(packed.ToArray());
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            content.Headers.ContentEncoding.Add(encoding);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        }

        [Theory]
        [InlineData(429)]
        [InlineData(503)]
        public async Task EachRepeatOfACreateIsReportedWithItsReason(int status)
        {
            var handler = new ScriptedHandler(_ => new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent("busy") }, _ => Json(Created));
            using AkoolClient client = ClientFor(handler);
            var repeats = new List<string>();

            VideoInfo info = await client.CreateTalkingPhotoAsync(Request, null, CancellationToken.None, repeats.Add);

            Assert.Equal(Id, info.Id);
            Assert.Equal(2, handler.Requests.Count);
            string reason = Assert.Single(repeats);
            Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), reason, StringComparison.Ordinal);
        }

        // ---- #9: reads are idempotent: unreadable answers are retried ----

        [Theory]
        [InlineData("<html><body>Please sign in</body></html>")]
        [InlineData("{\"msg\":\"OK\"}")]
        [InlineData("{\"code\":1000,\"data\":{}}")]
        public async Task AReadAnsweredUnreadablyOnceIsRetriedAndSucceeds(string body)
        {
            var handler = new ScriptedHandler(_ => Json(body), _ => Json(Created));
            using AkoolClient client = ClientFor(handler);

            VideoInfo info = await client.GetVideoAsync(Id, null, CancellationToken.None);

            Assert.Equal(Id, info.Id);
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task AnOversizedAnswerToAReadIsRetriedAndTheCreditCallToo()
        {
            string huge = "{\"code\":1000,\"data\":{\"pad\":\"" + new string('a', 5 * 1024 * 1024) + "\"}}";
            var handler = new ScriptedHandler(_ => Json(huge), _ => Json("<html/>"), _ => Json("{\"code\":1000,\"msg\":\"OK\",\"data\":{\"credit\":12.5}}"));
            using AkoolClient client = ClientFor(handler);

            decimal credit = await client.GetCreditAsync(null, CancellationToken.None);

            Assert.Equal(12.5m, credit);
            Assert.Equal(3, handler.Requests.Count);
        }

        [Fact]
        public async Task AReadThatStaysUnreadableFailsAsAnInvalidResponseAfterTheRetries()
        {
            var handler = new ScriptedHandler(Enumerable.Repeat<Func<HttpRequestMessage, HttpResponseMessage>>(_ => Json("<html/>"), 4).ToArray());
            using AkoolClient client = ClientFor(handler, retries: 3);

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.GetVideoAsync(Id, null, CancellationToken.None));

            Assert.Equal(AkoolErrorKind.InvalidResponse, error.Kind);
            Assert.Equal(4, handler.Requests.Count);
        }

        // ---- #14: secrets are trimmed the same way and refused at once when a header cannot carry them ----

        [Theory]
        [InlineData("tok-0123456789abcdef\n")]
        [InlineData("  tok-0123456789abcdef\r\n")]
        [InlineData("\ttok-0123456789abcdef ")]
        public void SurroundingWhiteSpaceIsTrimmedFromEverySecret(string given)
        {
            using Secret secret = Secret.ForHeader(given, "-Token");

            Assert.Equal("tok-0123456789abcdef", secret.Reveal());
        }

        [Theory]
        [InlineData("kéy-0123456789abcdef")]
        [InlineData("key-0123\n456789abcdef")]
        [InlineData("key 0123456789abcdef")]
        public void ASecretAHeaderCannotCarryIsRefusedWithoutEchoingIt(string given)
        {
            var error = Assert.Throws<AkoolApiException>(() => Secret.ForHeader(given, "-ApiKey"));

            Assert.Equal(AkoolErrorKind.InvalidCredential, error.Kind);
            Assert.Contains("-ApiKey", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("0123", error.Message, StringComparison.Ordinal);
        }
    }
}
