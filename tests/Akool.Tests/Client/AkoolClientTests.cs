using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Akool.Client;
using Xunit;

namespace Akool.Tests.Client
{
    /// <summary>The client alone, against scripted answers: what is retried, what is not, and what each failure becomes.</summary>
    public sealed class AkoolClientTests
    {
        private const string Created = "{\"code\":1000,\"msg\":\"OK\",\"data\":{\"_id\":\"0123456789abcdef01234567\",\"video_status\":1,\"create_time\":1692242169057,\"extra\":{\"x\":[1,2]}}}";
        private static readonly TalkingPhotoRequest Request = new TalkingPhotoRequest { TalkingPhotoUrl = "https://i.example.com/f.jpg", AudioUrl = "https://a.example.com/v.mp3" };

        private static AkoolClient ClientFor(ScriptedHandler handler, int retries = 3) => ScriptedClient.For(handler, retries);

        private static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) => ScriptedClient.Json(body, status);

        private static HttpResponseMessage Status(int status, string body = "<html><body>Bad Gateway</body></html>") =>
            new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "text/html") };

        [Fact]
        public async Task ACreateSendsOnlyTheGivenFieldsAndOneCredentialHeader()
        {
            var handler = new ScriptedHandler(_ => Json(Created));
            using AkoolClient client = ClientFor(handler);

            VideoInfo info = await client.CreateTalkingPhotoAsync(Request, null, CancellationToken.None);

            Assert.Equal("0123456789abcdef01234567", info.Id);
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1692242169057), info.CreatedAt);
            HttpRequestMessage sent = Assert.Single(handler.Requests);
            Assert.Equal("/api/open/v3/content/video/createbytalkingphoto", sent.RequestUri!.AbsolutePath);
            Assert.Equal("{\"talking_photo_url\":\"https://i.example.com/f.jpg\",\"audio_url\":\"https://a.example.com/v.mp3\"}", handler.Bodies[0]);
            Assert.True(sent.Headers.Contains("x-api-key"));
            Assert.Null(sent.Headers.Authorization);
        }

        [Theory]
        [InlineData(429)]
        [InlineData(503)]
        public async Task ACreateRefusedWithHttpStatusIsRetried(int status)
        {
            var handler = new ScriptedHandler(_ => Status(status), _ => Json(Created));
            using AkoolClient client = ClientFor(handler);

            VideoInfo info = await client.CreateTalkingPhotoAsync(Request, null, CancellationToken.None);

            Assert.Equal(2, handler.Requests.Count);
            Assert.Equal("0123456789abcdef01234567", info.Id);
        }

        [Theory]
        [InlineData(500)]
        [InlineData(502)]
        [InlineData(504)]
        public async Task ACreateAnsweredWithOther5xxHasAnUnknownOutcomeAndIsNotRepeated(int status)
        {
            var handler = new ScriptedHandler(_ => Status(status));
            using AkoolClient client = ClientFor(handler);

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.CreateTalkingPhotoAsync(Request, null, CancellationToken.None));

            Assert.Equal(AkoolErrorKind.OutcomeUnknown, error.Kind);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task AReadAnsweredWith502IsRetried()
        {
            var handler = new ScriptedHandler(_ => Status(502), _ => Json(Created));
            using AkoolClient client = ClientFor(handler);

            VideoInfo info = await client.GetVideoAsync("0123456789abcdef01234567", null, CancellationToken.None);

            Assert.Equal(2, handler.Requests.Count);
            Assert.Equal(1, info.Status);
        }

        [Theory]
        [InlineData("<html>portal</html>")]
        [InlineData("not json at all")]
        [InlineData("{\"msg\":\"OK\"}")]
        [InlineData("{\"code\":\"abc\"}")]
        public async Task AnHttp200ThatIsNotTheEnvelopeIsAnInvalidResponseForAReadAndUnknownForACreate(string body)
        {
            // A read is retried (issue 12, #9) and fails only when every attempt was unreadable.
            using AkoolClient reader = ClientFor(new ScriptedHandler(_ => Json(body), _ => Json(body), _ => Json(body), _ => Json(body)));
            using AkoolClient creator = ClientFor(new ScriptedHandler(_ => Json(body)));

            var read = await Assert.ThrowsAsync<AkoolApiException>(() => reader.GetVideoAsync("0123456789abcdef01234567", null, CancellationToken.None));
            var create = await Assert.ThrowsAsync<AkoolApiException>(() => creator.CreateTalkingPhotoAsync(Request, null, CancellationToken.None));

            Assert.Equal(AkoolErrorKind.InvalidResponse, read.Kind);
            Assert.Equal(AkoolErrorKind.OutcomeUnknown, create.Kind);
        }

        [Theory]
        [InlineData(1003, AkoolErrorKind.InvalidArgument)]
        [InlineData(1006, AkoolErrorKind.Quota)]
        [InlineData(1008, AkoolErrorKind.NotFound)]
        [InlineData(1009, AkoolErrorKind.PermissionDenied)]
        [InlineData(1102, AkoolErrorKind.Authentication)]
        [InlineData(1104, AkoolErrorKind.Quota)]
        [InlineData(1109, AkoolErrorKind.Authentication)]
        [InlineData(1200, AkoolErrorKind.PermissionDenied)]
        [InlineData(1213, AkoolErrorKind.Quota)]
        [InlineData(4242, AkoolErrorKind.Other)]
        public async Task EachAkoolCodeBecomesItsKindWithCodeAndMessage(int code, AkoolErrorKind kind)
        {
            using AkoolClient client = ClientFor(new ScriptedHandler(_ => Json($"{{\"code\":{code},\"msg\":\"said by akool\"}}")));

            // A read: after a create, an undocumented code (4242) is an unknown outcome instead (HostileServerTests).
            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.GetVideoAsync("0123456789abcdef01234567", null, CancellationToken.None));

            Assert.Equal(kind, error.Kind);
            Assert.Equal(code, error.AkoolCode);
            Assert.Equal("said by akool", error.AkoolMessage);
            Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
        }

        [Fact]
        public async Task Code1005IsRetriedEvenForACreateAnd1015IsNot()
        {
            var throttled = new ScriptedHandler(_ => Json("{\"code\":1005,\"msg\":\"frequent\"}"), _ => Json(Created));
            var failed = new ScriptedHandler(_ => Json("{\"code\":1015,\"msg\":\"try later\"}"));
            using AkoolClient first = ClientFor(throttled);
            using AkoolClient second = ClientFor(failed);

            await first.CreateTalkingPhotoAsync(Request, null, CancellationToken.None);
            var error = await Assert.ThrowsAsync<AkoolApiException>(() => second.CreateTalkingPhotoAsync(Request, null, CancellationToken.None));

            Assert.Equal(2, throttled.Requests.Count);
            Assert.Single(failed.Requests);
            Assert.Equal(AkoolErrorKind.ServerUnavailable, error.Kind);
        }

        [Fact]
        public async Task RetriesStopAtTheMaximumAndEachIsLoggedOnce()
        {
            var handler = new ScriptedHandler(Enumerable.Repeat<Func<HttpRequestMessage, HttpResponseMessage>>(_ => Status(503), 4).ToArray());
            var log = new System.Collections.Generic.List<string>();
            using AkoolClient client = ClientFor(handler, retries: 3);

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.GetVideoAsync("0123456789abcdef01234567", log.Add, CancellationToken.None));

            Assert.Equal(4, handler.Requests.Count);
            Assert.Equal(3, log.Count);
            Assert.Equal(AkoolErrorKind.ServerUnavailable, error.Kind);
        }

        [Fact]
        public async Task AnAnswerLargerThanTheCapIsRefusedUnread()
        {
            string huge = "{\"code\":1000,\"data\":{\"_id\":\"x\",\"pad\":\"" + new string('a', 5 * 1024 * 1024) + "\"}}";
            using AkoolClient client = ClientFor(new ScriptedHandler(_ => Json(huge), _ => Json(huge), _ => Json(huge), _ => Json(huge)));

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.GetVideoAsync("0123456789abcdef01234567", null, CancellationToken.None));

            Assert.Equal(AkoolErrorKind.InvalidResponse, error.Kind);
            Assert.Contains("MiB", error.Message);
        }

        // Every field a real info answer carries, numbers as strings where Akool has sent them so, an unread nested
        // object and array, a comment, a repeated property and an unknown top-level field.
        private const string RichAnswer = "{\"code\":\"1000\",\"msg\":\"OK\",\"data\":{" +
            "\"faceswap_quality\":2,\"_id\":\"ignored\",\"_id\":\"64dd838cf0b6684651e90217\",\"create_time\":\"1692242169057\"," +
            "\"uid\":378337,\"video_lock_duration\":7.91,/* unread */\"external_video\":\"\"," +
            "\"nested\":{\"a\":[1,{\"b\":\"}\"}]},\"list\":[[],{}],\"video\":\"https://cdn.example.com/v.mp4\",\"__v\":0," +
            "\"video_status\":4,\"error_code\":1015,\"error_reason\":\"face not detected\",\"progress\":\"40\"},\"extra\":[1]} /* done */";

        [Fact]
        public async Task AnAnswerIsReadWithNumbersAsStringsUnknownFieldsCommentsAndTheLastOfARepeatedProperty()
        {
            using AkoolClient client = ClientFor(new ScriptedHandler(_ => Json(RichAnswer)));

            VideoInfo info = await client.GetVideoAsync("64dd838cf0b6684651e90217", null, CancellationToken.None);

            Assert.Equal("64dd838cf0b6684651e90217", info.Id);
            Assert.Equal(4, info.Status);
            Assert.Equal("https://cdn.example.com/v.mp4", info.VideoUrl);
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1692242169057), info.CreatedAt);
            Assert.Equal("1015", info.ErrorCode);
            Assert.Equal("face not detected", info.ErrorReason);
            Assert.Equal(40, info.Progress);
        }

        [Fact]
        public async Task AVeryLongStringIsReadWhole()
        {
            string url = "https://cdn.example.com/" + new string('v', 20000) + ".mp4";
            using AkoolClient client = ClientFor(new ScriptedHandler(_ => Json("{\"code\":1000,\"data\":{\"_id\":\"x\",\"video\":\"" + url + "\"}}")));

            Assert.Equal(url, (await client.GetVideoAsync("x", null, CancellationToken.None)).VideoUrl);
        }

        [Theory]
        [InlineData("")]
        [InlineData("[1,2]")]
        [InlineData("{\"code\":1000,\"data\":{\"_id\":\"x\"")]
        [InlineData("{\"code\":1000,\"data\":{\"_id\":\"x\",\"nested\":{\"a\":1")]
        [InlineData("{\"code\":1000,\"data\":{\"_id\":\"x\"}")]
        [InlineData("{\"code\":1000,\"data\":{\"_id\":\"x\"}} trailing")]
        [InlineData("{\"code\":1000,\"data\":{\"_id\":\"x\"}}{\"code\":1000}")]
        [InlineData("{\"code\":1000,\"data\":null}")]
        [InlineData("{\"code\":1000,\"data\":\"text\"}")]
        [InlineData("{\"code\":1000,\"data\":[{\"_id\":\"x\"}]}")]
        public async Task WhatIsNotOneEnvelopeWithAVideoIsAnInvalidResponse(string body)
        {
            using AkoolClient client = ClientFor(new ScriptedHandler(_ => Json(body)), retries: 0);

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.GetVideoAsync("x", null, CancellationToken.None));

            Assert.Equal(AkoolErrorKind.InvalidResponse, error.Kind);
        }

        [Fact]
        public async Task AllTheAttemptsOfOneCallFitInTheOperationTimeout()
        {
            // 100 retries of a 300 ms request timeout would hold the call for 30 s; the call's limit ends it at 1 s.
            var silent = new SilentHandler();
            using var client = new AkoolClient(new AkoolClientOptions
            {
                BaseUri = new Uri("https://api.example.com"),
                Retry = new RetryPolicy(100, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)),
                RequestTimeout = TimeSpan.FromMilliseconds(300),
                OperationTimeout = TimeSpan.FromSeconds(1),
            }, new ApiKeyAuthenticator(new Secret("key-0123456789abcdef")), silent);
            var clock = System.Diagnostics.Stopwatch.StartNew();

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.GetCreditAsync(null, CancellationToken.None));

            Assert.Equal(AkoolErrorKind.Timeout, error.Kind);
            Assert.InRange(silent.Requests, 1, 5);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalSeconds:0.0} s");
        }

        /// <summary>Takes every request and never answers.</summary>
        private sealed class SilentHandler : HttpMessageHandler
        {
            private int _requests;

            public int Requests => Volatile.Read(ref _requests);

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref _requests);
                await Task.Delay(Timeout.Infinite, cancellationToken);
                throw new OperationCanceledException(cancellationToken);
            }
        }

        [Fact]
        public void RetryAfterIsReadAsSecondsOrAsADateAndCapped()
        {
            var now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
            var policy = new RetryPolicy(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

            Assert.Equal(TimeSpan.FromSeconds(7), RetryPolicy.FromRetryAfter(new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), now));
            Assert.Equal(TimeSpan.FromSeconds(90), RetryPolicy.FromRetryAfter(new RetryConditionHeaderValue(now.AddSeconds(90)), now));
            Assert.Equal(TimeSpan.Zero, RetryPolicy.FromRetryAfter(new RetryConditionHeaderValue(now.AddSeconds(-5)), now));
            using var response = new HttpResponseMessage((HttpStatusCode)429);
            response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromHours(1));
            Assert.Equal(TimeSpan.FromSeconds(30), policy.DelayFor(1, response));
        }

        [Fact]
        public void BackoffGrowsWithJitterWithinItsStep()
        {
            var policy = new RetryPolicy(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

            for (int retry = 1; retry <= 5; retry++)
            {
                double ceiling = Math.Min(30, Math.Pow(2, retry - 1));
                TimeSpan delay = policy.DelayFor(retry, null);
                Assert.InRange(delay.TotalSeconds, ceiling / 2, ceiling);
            }
        }
    }
}
