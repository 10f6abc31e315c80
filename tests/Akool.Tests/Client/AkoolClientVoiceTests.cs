using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Akool.Client;
using Xunit;

namespace Akool.Tests.Client
{
    /// <summary>
    /// The text-to-speech calls alone, against scripted answers: paging the voice list, the speech create and
    /// detail, and answers in every shape the contract allows (not only the emulator's).
    /// </summary>
    public sealed class AkoolClientVoiceTests
    {
        private static AkoolClient ClientFor(ScriptedHandler handler) => ScriptedClient.For(handler);

        private static HttpResponseMessage Json(string body) => ScriptedClient.Json(body);

        private static string Voice(int n, string? name = null) =>
            "{\"_id\":\"id" + n + "\",\"voice_id\":\"v" + n + "\",\"name\":\"" + (name ?? "Voice " + n) + "\",\"gender\":\"Female\",\"language\":\"English\",\"locale\":\"en-US\",\"style\":[\"Warm\"],\"scenario\":[],\"age\":[\"Young\"],\"duration\":1500,\"create_time\":1730885400000}";

        private static string Page(string items, string rest = "") => "{\"code\":1000,\"msg\":\"OK\",\"data\":{\"result\":[" + items + "]" + rest + "}}";

        private static Func<HttpRequestMessage, HttpResponseMessage> Answer(string body) => _ => Json(body);

        [Fact]
        public async Task TheListIsReadPageByPageUntilAkoolsCount()
        {
            var handler = new ScriptedHandler(
                Answer(Page(Voice(1) + "," + Voice(2), ",\"count\":5,\"page\":1,\"size\":2")),
                Answer(Page(Voice(3) + "," + Voice(4), ",\"count\":5,\"page\":2,\"size\":2")),
                Answer(Page(Voice(5), ",\"count\":5,\"page\":3,\"size\":2")));
            using AkoolClient client = ClientFor(handler);

            IReadOnlyList<VoiceInfo> voices = await client.ListVoicesAsync(new VoiceListQuery { Gender = "Female", Name = "an na" }, null, CancellationToken.None);

            Assert.Equal(new[] { "v1", "v2", "v3", "v4", "v5" }, voices.Select(v => v.VoiceId));
            Assert.Equal(3, handler.Requests.Count);
            Assert.All(handler.Requests, r => Assert.Equal(HttpMethod.Get, r.Method));
            Assert.Equal("/api/open/v4/voice/list", handler.Requests[0].RequestUri!.AbsolutePath);
            Assert.Equal("?type=2&page=1&size=100&gender=Female&name=an%20na", handler.Requests[0].RequestUri!.Query);
            Assert.Contains("page=3", handler.Requests[2].RequestUri!.Query, StringComparison.Ordinal);
            Assert.True(handler.Requests[0].Headers.Contains("x-api-key"));
        }

        [Fact]
        public async Task OwnVoicesAreTypeOne()
        {
            var handler = new ScriptedHandler(Answer(Page(Voice(1), ",\"count\":1")));
            using AkoolClient client = ClientFor(handler);

            VoiceInfo voice = Assert.Single(await client.ListVoicesAsync(new VoiceListQuery { Own = true }, null, CancellationToken.None));

            Assert.StartsWith("?type=1&", handler.Requests[0].RequestUri!.Query, StringComparison.Ordinal);
            Assert.True(voice.Own);
        }

        [Fact]
        public async Task WithoutACountAPageShorterThanTheAnsweredSizeIsTheLast()
        {
            // The server capped size at 2 although 100 was asked for: paging goes by what it answered.
            var handler = new ScriptedHandler(
                Answer(Page(Voice(1) + "," + Voice(2), ",\"size\":2")),
                Answer(Page(Voice(3), ",\"size\":2")));
            using AkoolClient client = ClientFor(handler);

            Assert.Equal(3, (await client.ListVoicesAsync(null, null, CancellationToken.None)).Count);
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task ABareArrayWithoutCountOrSizeIsReadUntilAnEmptyPage()
        {
            var handler = new ScriptedHandler(
                Answer("{\"code\":1000,\"data\":[" + Voice(1) + "]}"),
                Answer("{\"code\":1000,\"data\":{\"list\":[" + Voice(2) + "]}}"),
                Answer("{\"code\":1000,\"data\":{\"result\":[]}}"));
            using AkoolClient client = ClientFor(handler);

            Assert.Equal(new[] { "v1", "v2" }, (await client.ListVoicesAsync(null, null, CancellationToken.None)).Select(v => v.VoiceId));
            Assert.Equal(3, handler.Requests.Count);
        }

        [Fact]
        public async Task AServerThatIgnoresThePageStopsTheListing()
        {
            string same = Page(Voice(1) + "," + Voice(2), ",\"count\":40");
            var handler = new ScriptedHandler(Answer(same), Answer(same), Answer(same));
            using AkoolClient client = ClientFor(handler);

            Assert.Equal(2, (await client.ListVoicesAsync(null, null, CancellationToken.None)).Count);
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task ItemsAreReadTolerantly()
        {
            string items =
                "{\"_id\":\"a1\",\"voice_id\":\"va\",\"name\":\"Ann\",\"gender\":\"Female\",\"style\":\"Warm, Calm\",\"age\":null,\"duration\":\"2500\",\"status\":\"3\",\"create_time\":\"1730885400000\",\"new_field\":{\"x\":[1]},\"scenario\":[\"News\",null,7]}," +
                "{\"_id\":\"only-underscore-id\",\"name\":\"Bob\"}," +
                "{\"voice_id\":\"only-voice-id\"}," +
                "{\"name\":\"no ids at all\"}," +
                "42";
            var handler = new ScriptedHandler(Answer(Page(items, ",\"count\":\"5\"")));
            using AkoolClient client = ClientFor(handler);

            IReadOnlyList<VoiceInfo> voices = await client.ListVoicesAsync(null, null, CancellationToken.None);

            Assert.Equal(3, voices.Count);
            VoiceInfo ann = voices[0];
            Assert.Equal(("a1", "va", "Ann"), (ann.Id, ann.VoiceId, ann.Name));
            Assert.Equal(new[] { "Warm", "Calm" }, ann.Style);
            Assert.Empty(ann.Age);
            Assert.Equal(new[] { "News", "7" }, ann.Scenario);
            Assert.Equal(2500, ann.DurationMilliseconds);
            Assert.Equal(3, ann.Status);
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1730885400000), ann.CreatedAt);
            Assert.Null(ann.Locale);

            // Without a voice_id the _id is the only key there is, and the other one Akool may accept.
            Assert.Equal(("only-underscore-id", "only-underscore-id"), (voices[1].Id, voices[1].VoiceId));
            Assert.Equal(("only-voice-id", "only-voice-id"), (voices[2].Id, voices[2].VoiceId));
        }

        [Fact]
        public async Task AListAnswerWithoutAListIsAnInvalidResponseAfterTheRetries()
        {
            // A read is idempotent, so an unusable answer is retried (issue 12 #9) before it is reported.
            var handler = new ScriptedHandler(Enumerable.Repeat(Answer("{\"code\":1000,\"msg\":\"OK\",\"data\":{\"count\":3}}"), 4).ToArray());
            using AkoolClient client = ClientFor(handler);

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.ListVoicesAsync(null, null, CancellationToken.None));

            Assert.Equal(AkoolErrorKind.InvalidResponse, error.Kind);
        }

        [Fact]
        public async Task ASpeechCreateSendsVoiceIdAndOnlyTheGivenFields()
        {
            var handler = new ScriptedHandler(
                Answer("{\"code\":1000,\"msg\":\"OK\",\"data\":{\"_id\":\"s1\",\"status\":1,\"preview\":null,\"duration\":0,\"deduction_credit\":0.06,\"voice_id\":\"va\",\"extra\":[1]}}"),
                Answer("{\"code\":1000,\"data\":{\"_id\":\"s2\",\"status\":1}}"));
            using AkoolClient client = ClientFor(handler);

            SpeechInfo plain = await client.CreateSpeechAsync(new SpeechRequest { InputText = "Hello \"you\"", VoiceId = "va" }, null, CancellationToken.None);
            SpeechInfo full = await client.CreateSpeechAsync(new SpeechRequest
            {
                InputText = "Hi",
                VoiceId = "vb",
                LanguageCode = "fr",
                VoiceOptions = new Dictionary<string, object?> { ["speed"] = 1.1, ["emotion"] = "happy" },
                WebhookUrl = "https://hooks.example.com/a",
            }, null, CancellationToken.None);

            Assert.Equal(HttpMethod.Post, handler.Requests[0].Method);
            Assert.Equal("/api/open/v4/voice/tts", handler.Requests[0].RequestUri!.AbsolutePath);
            Assert.Equal("{\"input_text\":\"Hello \\\"you\\\"\",\"voice_id\":\"va\"}", handler.Bodies[0]);
            Assert.Equal("{\"input_text\":\"Hi\",\"voice_id\":\"vb\",\"language_code\":\"fr\",\"voice_options\":{\"speed\":1.1,\"emotion\":\"happy\"},\"webhookUrl\":\"https://hooks.example.com/a\"}", handler.Bodies[1]);
            Assert.Equal(("s1", 1, (string?)null, (long?)null, (decimal?)0.06m, "va"), (plain.Id, plain.Status, plain.Url, plain.DurationMilliseconds, plain.DeductionCredit, plain.VoiceId));
            Assert.Equal("s2", full.Id);
            Assert.Null(full.DeductionCredit);
        }

        [Fact]
        public async Task ASpeechCreateWhoseAnswerIsLostIsNotSentAgainButA1005Is()
        {
            var lost = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html/>") });
            var throttled = new ScriptedHandler(Answer("{\"code\":1005,\"msg\":\"Frequent operation\"}"), Answer("{\"code\":1000,\"data\":{\"_id\":\"s1\",\"status\":1}}"));
            using AkoolClient lostClient = ClientFor(lost);
            using AkoolClient throttledClient = ClientFor(throttled);
            var request = new SpeechRequest { InputText = "Hello", VoiceId = "va" };

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => lostClient.CreateSpeechAsync(request, null, CancellationToken.None));
            SpeechInfo speech = await throttledClient.CreateSpeechAsync(request, null, CancellationToken.None);

            Assert.Equal(AkoolErrorKind.OutcomeUnknown, error.Kind);
            Assert.Single(lost.Requests);
            Assert.Equal("s1", speech.Id);
            Assert.Equal(2, throttled.Requests.Count);
        }

        [Fact]
        public async Task A1003FromTheCreateIsAnInvalidArgument()
        {
            var handler = new ScriptedHandler(Answer("{\"code\":1003,\"msg\":\"Parameter error\"}"));
            using AkoolClient client = ClientFor(handler);

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.CreateSpeechAsync(new SpeechRequest { InputText = "x", VoiceId = "nope" }, null, CancellationToken.None));

            Assert.Equal(AkoolErrorKind.InvalidArgument, error.Kind);
            Assert.Equal(1003, error.AkoolCode);
        }

        [Theory]
        [InlineData("{\"code\":1000,\"data\":{\"result\":{\"_id\":\"s1\",\"status\":3,\"preview\":\"https://cdn.example.com/s1.mp3\",\"duration\":3060,\"deduction_credit\":0.3,\"language_code\":\"en\"}}}")]
        [InlineData("{\"code\":1000,\"data\":{\"_id\":\"s1\",\"status\":\"3\",\"preview\":\"https://cdn.example.com/s1.mp3\",\"duration\":\"3060\",\"deduction_credit\":\"0.3\",\"language_code\":\"en\"}}")]
        [InlineData("{\"code\":\"1000\",\"data\":{\"result\":{\"_id\":\"s1\",\"status\":3,\"preview\":\"https://cdn.example.com/s1.mp3\",\"duration\":3060.0,\"deduction_credit\":0.3,\"language_code\":\"en\",\"new\":{}},\"other\":1}}")]
        public async Task TheDetailIsReadFromDataResultOrFromData(string body)
        {
            var handler = new ScriptedHandler(Answer(body));
            using AkoolClient client = ClientFor(handler);

            SpeechInfo speech = await client.GetSpeechAsync("s1", null, CancellationToken.None);

            Assert.Equal("/api/open/v4/voice/resource/detail/s1", handler.Requests[0].RequestUri!.AbsolutePath);
            Assert.Equal(("s1", 3, "https://cdn.example.com/s1.mp3", (long?)3060, (decimal?)0.3m, "en"), (speech.Id, speech.Status, speech.Url, speech.DurationMilliseconds, speech.DeductionCredit, speech.LanguageCode));
            Assert.True(speech.IsFinal);
        }

        [Fact]
        public async Task APendingOrFailedSpeechHasNoUrl()
        {
            var handler = new ScriptedHandler(
                Answer("{\"code\":1000,\"data\":{\"result\":{\"_id\":\"s1\",\"status\":2,\"preview\":\"\"}}}"),
                Answer("{\"code\":1000,\"data\":{\"result\":{\"_id\":\"s1\",\"status\":4,\"preview\":null,\"error_reason\":\"voice unavailable\"}}}"));
            using AkoolClient client = ClientFor(handler);

            SpeechInfo pending = await client.GetSpeechAsync("s1", null, CancellationToken.None);
            SpeechInfo failed = await client.GetSpeechAsync("s1", null, CancellationToken.None);

            Assert.Null(pending.Url);
            Assert.False(pending.IsFinal);
            Assert.Null(failed.Url);
            Assert.Equal("voice unavailable", failed.ErrorReason);
        }

        [Theory]
        [InlineData("{\"code\":1000,\"data\":{\"result\":{\"status\":3}}}")]
        [InlineData("{\"code\":1000,\"data\":null}")]
        [InlineData("{\"code\":1000}")]
        public async Task ASpeechAnswerWithoutAnIdIsAnInvalidResponseAfterTheRetries(string body)
        {
            var handler = new ScriptedHandler(Enumerable.Repeat(Answer(body), 4).ToArray());
            using AkoolClient client = ClientFor(handler);

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.GetSpeechAsync("s1", null, CancellationToken.None));

            Assert.Equal(AkoolErrorKind.InvalidResponse, error.Kind);
        }

        [Theory]
        [InlineData("{\"code\":1000,\"data\":{\"status\":1}}")]
        [InlineData("{\"code\":1000}")]
        public async Task ASpeechCreateAnsweredWithoutAnIdHasAnUnknownOutcomeAndIsSentOnce(string body)
        {
            // Code 1000 says the speech was made and billed: without its id nothing proves otherwise (issue 12 #1).
            var handler = new ScriptedHandler(Answer(body), Answer(body));
            using AkoolClient client = ClientFor(handler);

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.CreateSpeechAsync(new SpeechRequest { InputText = "x", VoiceId = "va" }, null, CancellationToken.None));

            Assert.Equal(AkoolErrorKind.OutcomeUnknown, error.Kind);
            Assert.Single(handler.Requests);
        }

        [Fact]
        public async Task AnUnknownSpeechIsNotFoundAndAReadIsRetried()
        {
            var handler = new ScriptedHandler(
                _ => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html/>") },
                Answer("{\"code\":1008,\"msg\":\"The content you get does not exist\"}"));
            using AkoolClient client = ClientFor(handler);

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => client.GetSpeechAsync("nope", null, CancellationToken.None));

            Assert.Equal(AkoolErrorKind.NotFound, error.Kind);
            Assert.Equal(2, handler.Requests.Count);
        }

        [Fact]
        public async Task AVoiceIsFoundByVoiceIdByListIdOrByAnUnambiguousName()
        {
            string items = Voice(1, "Alice") + "," + Voice(2, "Brian") + "," + Voice(3, "Twin") + "," + Voice(4, "twin") + ","
                + "{\"_id\":\"v1-lookalike\",\"voice_id\":\"id2\",\"name\":\"Tricky\"}";
            using AkoolClient client = ClientFor(new ScriptedHandler(Answer(Page(items, ",\"count\":5"))));
            IReadOnlyList<VoiceInfo> voices = await client.ListVoicesAsync(null, null, CancellationToken.None);

            Assert.Equal("v1", AkoolClient.FindVoice(voices, "v1")!.VoiceId);
            Assert.Equal("v1", AkoolClient.FindVoice(voices, "id1")!.VoiceId);
            Assert.Equal("v1", AkoolClient.FindVoice(voices, " alice ")!.VoiceId);
            Assert.Null(AkoolClient.FindVoice(voices, "twin"));
            Assert.Null(AkoolClient.FindVoice(voices, "nobody"));
            Assert.Null(AkoolClient.FindVoice(voices, ""));

            // "id2" is one voice's _id and another's voice_id: voice_id wins, since that is what TTS is sent.
            Assert.Equal("Tricky", AkoolClient.FindVoice(voices, "id2")!.Name);
        }

        [Theory]
        [InlineData(null, 0)]
        [InlineData("", 0)]
        [InlineData("Hello", 5)]
        [InlineData("h\U0001F600llo", 5)]
        [InlineData("é\u0301", 2)]
        public void CharactersAreUnicodeScalarValues(string? text, int expected) => Assert.Equal(expected, AkoolClient.CountCharacters(text));
    }
}
