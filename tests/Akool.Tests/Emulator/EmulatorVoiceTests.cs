using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Akool.Emulator;
using Xunit;
using static Akool.Tests.Emulator.EmulatorTestKit;

namespace Akool.Tests.Emulator
{
    /// <summary>
    /// VoiceLab v4 text to speech as the contract describes it: the voice list (paging, filters, type), the billed
    /// asynchronous speech create, its detail, and the MP3 it ends in; with validation, authentication and faults
    /// as on every other endpoint.
    /// </summary>
    public sealed class EmulatorVoiceTests
    {
        private const string ListPath = "/api/open/v4/voice/list";
        private const string TtsPath = "/api/open/v4/voice/tts";
        private const string Alice = "Xb7hH8MSUJpSbSDYk0k2";

        private static string DetailPath(string id) => "/api/open/v4/voice/resource/detail/" + Uri.EscapeDataString(id);

        private static string TtsBody(string text, string voiceId = Alice) => JsonSerializer.Serialize(new { input_text = text, voice_id = voiceId });

        private static Task<JsonElement> ListAsync(HttpClient http, AkoolEmulator emulator, string query) =>
            CallAsync(http, HttpMethod.Get, ListPath + query, apiKey: emulator.Options.ApiKey);

        private static Task<JsonElement> TtsAsync(HttpClient http, AkoolEmulator emulator, string body) =>
            CallAsync(http, HttpMethod.Post, TtsPath, body, apiKey: emulator.Options.ApiKey);

        private static Task<JsonElement> DetailAsync(HttpClient http, AkoolEmulator emulator, string id) =>
            CallAsync(http, HttpMethod.Get, DetailPath(id), apiKey: emulator.Options.ApiKey);

        private static List<string> Names(JsonElement answer) =>
            answer.GetProperty("data").GetProperty("result").EnumerateArray().Select(v => v.GetProperty("name").GetString()!).ToList();

        [Fact]
        public async Task TheListPagesAkoolsVoicesTenAtATimeWithEveryDocumentedField()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            int akoolVoices = AkoolEmulator.Voices.Count(v => !v.Own);

            JsonElement first = await ListAsync(http, emulator, "?type=2");
            JsonElement second = await ListAsync(http, emulator, "?type=2&page=2");

            JsonElement data = first.GetProperty("data");
            Assert.Equal(1000, Code(first));
            Assert.True(akoolVoices >= 12, "a dozen voices or more");
            Assert.Equal(akoolVoices, data.GetProperty("count").GetInt32());
            Assert.Equal(1, data.GetProperty("page").GetInt32());
            Assert.Equal(10, data.GetProperty("size").GetInt32());
            Assert.Equal(10, data.GetProperty("result").GetArrayLength());
            Assert.Equal(akoolVoices - 10, second.GetProperty("data").GetProperty("result").GetArrayLength());
            Assert.Empty(Names(first).Intersect(Names(second)));
            JsonElement item = data.GetProperty("result")[0];
            foreach (string field in new[] { "_id", "voice_id", "name", "gender", "language", "locale", "preview", "duration", "status", "style", "scenario", "age", "voice_model_name", "create_time" })
            {
                Assert.True(item.TryGetProperty(field, out _), "missing " + field);
            }

            Assert.NotEqual(item.GetProperty("_id").GetString(), item.GetProperty("voice_id").GetString());
            Assert.Equal(JsonValueKind.Array, item.GetProperty("style").ValueKind);
            Assert.True(AkoolEmulator.Voices.Where(v => !v.Own).Select(v => v.Language).Distinct().Count() >= 5, "several languages");
        }

        [Theory]
        [InlineData("?type=2&gender=Male", "Male", null)]
        [InlineData("?type=2&gender=female", "Female", null)]
        [InlineData("?type=2&size=100&gender=Male,Female", null, null)]
        [InlineData("?type=2&name=ALI", null, "Alice")]
        [InlineData("?type=2&style=News&size=100", null, null)]
        public async Task TheListFilters(string query, string? gender, string? onlyName)
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);

            JsonElement data = (await ListAsync(http, emulator, query)).GetProperty("data");

            List<JsonElement> items = data.GetProperty("result").EnumerateArray().ToList();
            Assert.NotEmpty(items);
            Assert.Equal(data.GetProperty("count").GetInt32(), items.Count);
            Assert.All(items, v => Assert.Equal(2, v.GetProperty("type").GetInt32()));
            if (gender is not null)
            {
                Assert.All(items, v => Assert.Equal(gender, v.GetProperty("gender").GetString()));
                Assert.Equal(AkoolEmulator.Voices.Count(v => !v.Own && v.Gender == gender), items.Count);
            }

            if (onlyName is not null)
            {
                Assert.Equal(onlyName, Assert.Single(items).GetProperty("name").GetString());
            }

            if (query.Contains("style=News", StringComparison.Ordinal))
            {
                Assert.All(items, v => Assert.Contains("News", v.GetProperty("style").EnumerateArray().Select(s => s.GetString())));
                Assert.True(items.Count < AkoolEmulator.Voices.Count(v => !v.Own));
            }
        }

        [Fact]
        public async Task TypeOneListsOnlyTheAccountsOwnVoicesAndSizeIsCapped()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);

            JsonElement own = (await ListAsync(http, emulator, "?type=1")).GetProperty("data");
            JsonElement big = (await ListAsync(http, emulator, "?type=2&size=5000")).GetProperty("data");

            Assert.Equal(AkoolEmulator.Voices.Where(v => v.Own).Select(v => v.Name).OrderBy(n => n), own.GetProperty("result").EnumerateArray().Select(v => v.GetProperty("name").GetString()).OrderBy(n => n));
            Assert.All(own.GetProperty("result").EnumerateArray(), v => Assert.Equal(1, v.GetProperty("type").GetInt32()));
            Assert.Equal(100, big.GetProperty("size").GetInt32());
        }

        [Theory]
        [InlineData("")]
        [InlineData("?type=3")]
        [InlineData("?type=2&page=0")]
        [InlineData("?type=2&size=-1")]
        [InlineData("?type=2&size=ten")]
        public async Task ListParameterMistakesGive1003(string query)
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            Assert.Equal(1003, Code(await ListAsync(http, emulator, query)));
        }

        [Fact]
        public async Task ASpeechIsBilledPerCharacterFromTheCreditBalanceAndEndsInAPlayableMp3()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            string text = new string('a', 400);

            JsonElement created = (await TtsAsync(http, emulator, TtsBody(text))).GetProperty("data");
            string id = created.GetProperty("_id").GetString()!;
            JsonElement queued = (await DetailAsync(http, emulator, id)).GetProperty("data").GetProperty("result");
            emulator.Clock.Advance(TimeSpan.FromMinutes(1));
            JsonElement done = (await DetailAsync(http, emulator, id)).GetProperty("data").GetProperty("result");
            JsonElement quota = await CallAsync(http, HttpMethod.Get, CreditPath, apiKey: emulator.Options.ApiKey);

            // 400 characters at 5 credits per 1,000.
            Assert.Equal(1, created.GetProperty("status").GetInt32());
            Assert.Equal(JsonValueKind.Null, created.GetProperty("preview").ValueKind);
            Assert.Equal(2m, created.GetProperty("deduction_credit").GetDecimal());
            Assert.Equal(Alice, created.GetProperty("voice_id").GetString());
            Assert.True(created.TryGetProperty("duration", out _));
            Assert.Equal(1, queued.GetProperty("status").GetInt32());
            Assert.Equal(JsonValueKind.Null, queued.GetProperty("preview").ValueKind);
            Assert.Equal(3, done.GetProperty("status").GetInt32());
            Assert.Equal(2m, done.GetProperty("deduction_credit").GetDecimal());
            Assert.Equal("en", done.GetProperty("language_code").GetString());
            Assert.Equal(100000m - 2m, quota.GetProperty("data").GetProperty("credit").GetDecimal());
            Assert.Equal(1, emulator.SpeechCount);
            Assert.Equal(0, emulator.CreateCount);

            string url = done.GetProperty("preview").GetString()!;
            Assert.EndsWith(".mp3", url, StringComparison.Ordinal);
            using HttpResponseMessage mp3 = await http.GetAsync(new Uri(url));
            Assert.Equal(HttpStatusCode.OK, mp3.StatusCode);
            Assert.Equal("audio/mpeg", mp3.Content.Headers.ContentType!.MediaType);
            byte[] bytes = await mp3.Content.ReadAsByteArrayAsync();
            Assert.Equal(done.GetProperty("duration").GetInt64(), Mp3Milliseconds(bytes));
            Assert.True(bytes.Length < 100_000, "small: " + bytes.Length);
        }

        [Fact]
        public async Task TheDownloadIsANotFoundUntilTheSpeechIsDoneAndVoicePreviewsPlay()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            string id = (await TtsAsync(http, emulator, TtsBody("Hello."))).GetProperty("data").GetProperty("_id").GetString()!;

            using HttpResponseMessage early = await http.GetAsync("/speech/" + id + ".mp3");
            string preview = (await ListAsync(http, emulator, "?type=2&name=Alice")).GetProperty("data").GetProperty("result")[0].GetProperty("preview").GetString()!;
            byte[] sample = await http.GetByteArrayAsync(new Uri(preview));

            Assert.Equal(HttpStatusCode.NotFound, early.StatusCode);
            Assert.True(Mp3Milliseconds(sample) > 0);
        }

        [Fact]
        public async Task UnicodeCharactersAreCountedOnceAndSpeechesHaveDistinctBytes()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync(new EmulatorOptions { CreditPerThousandCharacters = 1000m });
            using HttpClient http = HttpFor(emulator);

            JsonElement a = (await TtsAsync(http, emulator, TtsBody("h\U0001F600llo"))).GetProperty("data");
            JsonElement b = (await TtsAsync(http, emulator, TtsBody("h\U0001F600llo"))).GetProperty("data");
            emulator.Clock.Advance(TimeSpan.FromMinutes(1));

            Assert.Equal(5m, a.GetProperty("deduction_credit").GetDecimal());
            byte[] first = await http.GetByteArrayAsync("/speech/" + a.GetProperty("_id").GetString() + ".mp3");
            byte[] second = await http.GetByteArrayAsync("/speech/" + b.GetProperty("_id").GetString() + ".mp3");
            Assert.NotEqual(first, second);
        }

        public static TheoryData<string> BadSpeechBodies()
        {
            var data = new TheoryData<string>
            {
                "{\"voice_id\":\"" + Alice + "\"}",
                "{\"input_text\":\"\",\"voice_id\":\"" + Alice + "\"}",
                "{\"input_text\":\"   \",\"voice_id\":\"" + Alice + "\"}",
                "{\"input_text\":\"Hello\"}",
                "{\"input_text\":\"Hello\",\"voice_id\":\"\"}",
                "{\"input_text\":\"Hello\",\"voice_id\":\"no-such-voice\"}",
                "{\"input_text\":42,\"voice_id\":\"" + Alice + "\"}",
                "{\"input_text\":\"Hello\",\"voice_id\":\"" + Alice + "\",\"language_code\":\"en-US\"}",
                "{\"input_text\":\"Hello\",\"voice_id\":\"" + Alice + "\",\"language_code\":7}",
                "{\"input_text\":\"Hello\",\"voice_id\":\"" + Alice + "\",\"voice_options\":{\"speed\":2}}",
                "{\"input_text\":\"Hello\",\"voice_id\":\"" + Alice + "\",\"voice_options\":{\"volume\":101}}",
                "{\"input_text\":\"Hello\",\"voice_id\":\"" + Alice + "\",\"voice_options\":\"fast\"}",
                "{\"input_text\":\"Hello\",\"voice_id\":\"" + Alice + "\",\"webhookUrl\":\"not a url\"}",
                "{\"input_text\":\"" + new string('x', 5001) + "\",\"voice_id\":\"" + Alice + "\"}",
                "input_text=Hello",
                "[]",
                string.Empty,
            };

            // The list's _id is not a voice_id: the emulator holds the client to sending voice_id.
            data.Add("{\"input_text\":\"Hello\",\"voice_id\":\"" + AkoolEmulator.Voices[0].Id + "\"}");
            return data;
        }

        [Theory]
        [MemberData(nameof(BadSpeechBodies))]
        public async Task SpeechMistakesGive1003AndBillNothing(string body)
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);

            JsonElement answer = await TtsAsync(http, emulator, body);

            Assert.Equal(1003, Code(answer));
            Assert.Equal(0, emulator.SpeechCount);
            Assert.Equal(100000m, emulator.Credit);
        }

        [Fact]
        public async Task TheOptionalFieldsAreAcceptedAndKept()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            string body = JsonSerializer.Serialize(new
            {
                input_text = "Bonjour",
                voice_id = "fr-FR-DeniseNeural",
                language_code = "fr",
                voice_options = new { speed = 1.1, volume = 80, emotion = "happy" },
                webhookUrl = "https://hooks.example.com/akool",
            });

            Assert.Equal(1000, Code(await TtsAsync(http, emulator, body)));

            EmulatedSpeech speech = Assert.Single(emulator.SpeechJobs);
            Assert.Equal("fr", speech.LanguageCode);
            Assert.Equal("https://hooks.example.com/akool", speech.WebhookUrl);
            Assert.Contains("emotion", speech.VoiceOptionsJson, StringComparison.Ordinal);
            Assert.Equal(7, speech.Characters);
        }

        [Fact]
        public async Task TheCharacterLimitIsAnOption()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync(new EmulatorOptions { SpeechCharacterLimit = 10 });
            using HttpClient http = HttpFor(emulator);

            Assert.Equal(1003, Code(await TtsAsync(http, emulator, TtsBody(new string('x', 11)))));
            Assert.Equal(1000, Code(await TtsAsync(http, emulator, TtsBody(new string('x', 10)))));
            Assert.Equal(1, emulator.SpeechCount);
        }

        [Fact]
        public async Task TooLittleCreditGives1104AndMakesNothing()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync(new EmulatorOptions { InitialCredit = 0.1m });
            using HttpClient http = HttpFor(emulator);

            Assert.Equal(1104, Code(await TtsAsync(http, emulator, TtsBody(new string('x', 100)))));

            Assert.Equal(0, emulator.SpeechCount);
            Assert.Equal(0.1m, emulator.Credit);
        }

        [Fact]
        public async Task TheFailMarkerInTheTextMakesTheSpeechFail()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            string id = (await TtsAsync(http, emulator, TtsBody("this line says akool-fail"))).GetProperty("data").GetProperty("_id").GetString()!;
            emulator.Clock.Advance(TimeSpan.FromMinutes(1));

            JsonElement result = (await DetailAsync(http, emulator, id)).GetProperty("data").GetProperty("result");
            using HttpResponseMessage mp3 = await http.GetAsync("/speech/" + id + ".mp3");

            Assert.Equal(4, result.GetProperty("status").GetInt32());
            Assert.Equal(JsonValueKind.Null, result.GetProperty("preview").ValueKind);
            Assert.Equal(HttpStatusCode.NotFound, mp3.StatusCode);
        }

        [Theory]
        [InlineData("0123456789abcdef01234567")]
        [InlineData("not-an-id")]
        public async Task AnUnknownSpeechGives1008(string id)
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            Assert.Equal(1008, Code(await DetailAsync(http, emulator, id)));
        }

        [Fact]
        public async Task TheThreeEndpointsNeedCredentialsLikeTheOthers()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            string token = await TokenAsync(http, emulator);

            Assert.Equal(1102, Code(await CallAsync(http, HttpMethod.Get, ListPath + "?type=2")));
            Assert.Equal(1102, Code(await CallAsync(http, HttpMethod.Post, TtsPath, TtsBody("Hello"))));
            Assert.Equal(1102, Code(await CallAsync(http, HttpMethod.Get, DetailPath("0123456789abcdef01234567"))));
            Assert.Equal(1101, Code(await CallAsync(http, HttpMethod.Get, ListPath + "?type=2", apiKey: "wrong")));
            Assert.Equal(1000, Code(await CallAsync(http, HttpMethod.Get, ListPath + "?type=2", bearer: token)));
            Assert.Equal(1000, Code(await CallAsync(http, HttpMethod.Post, TtsPath, TtsBody("Hello"), bearer: token)));
            Assert.Equal(1, emulator.SpeechCount);
        }

        [Fact]
        public async Task FaultsStrikeTheSpeechEndpointsByScope()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);

            emulator.Faults.Code1005 = FaultRule.Always(EmulatorEndpoints.SpeechCreate);
            Assert.Equal(1005, Code(await TtsAsync(http, emulator, TtsBody("Hello"))));
            Assert.Equal(1000, Code(await ListAsync(http, emulator, "?type=2")));
            Assert.Equal(0, emulator.SpeechCount);
            emulator.Faults.Code1005 = FaultRule.Off;

            emulator.Faults.Http503 = FaultRule.Always(EmulatorEndpoints.VoiceList | EmulatorEndpoints.SpeechDetail);
            using (HttpResponseMessage answer = await http.SendAsync(Request(HttpMethod.Get, ListPath + "?type=2", apiKey: emulator.Options.ApiKey)))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            }

            emulator.Faults.Http503 = FaultRule.Off;
            emulator.Faults.DropConnection = FaultRule.Always(EmulatorEndpoints.SpeechCreate);
            await Assert.ThrowsAsync<HttpRequestException>(async () =>
            {
                using HttpResponseMessage dropped = await http.SendAsync(Request(HttpMethod.Post, TtsPath, TtsBody("Hello"), apiKey: emulator.Options.ApiKey));
            });

            // A dropped answer still made and billed the speech: the client cannot know, exactly as for videos.
            Assert.Equal(1, emulator.SpeechCount);
            Assert.Equal(EmulatorEndpoints.SpeechCreate, emulator.Requests.Last().Endpoint);
            Assert.Equal("DropConnection", emulator.Requests.Last().Fault);
        }

        [Fact]
        public async Task ACutSpeechDownloadPromisesTheFullLengthButEndsEarly()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            string id = (await TtsAsync(http, emulator, TtsBody(new string('x', 300)))).GetProperty("data").GetProperty("_id").GetString()!;
            emulator.Clock.Advance(TimeSpan.FromMinutes(1));
            emulator.Faults.CutDownload = FaultRule.Always(EmulatorEndpoints.Download);

            await Assert.ThrowsAnyAsync<Exception>(() => http.GetByteArrayAsync("/speech/" + id + ".mp3"));

            emulator.Faults.CutDownload = FaultRule.Off;
            using var range = new HttpRequestMessage(HttpMethod.Get, "/speech/" + id + ".mp3");
            range.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(100, 199);
            using HttpResponseMessage partial = await http.SendAsync(range);
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.Equal(100, (await partial.Content.ReadAsByteArrayAsync()).Length);
        }

        [Fact]
        public async Task ASpeechMp3IsServedInRangesAndTheHostileDownloadFaultsReachIt()
        {
            // Speech files share the videos' CDN path, so the module's speech downloads can be tested against every
            // download fault, not only drop and cut.
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            string id = (await TtsAsync(http, emulator, TtsBody(new string('x', 300)))).GetProperty("data").GetProperty("_id").GetString()!;
            emulator.Clock.Advance(TimeSpan.FromMinutes(1));
            string path = "/speech/" + id + ".mp3";
            byte[] whole = await http.GetByteArrayAsync(path);

            using (HttpRequestMessage range = RangeOf(path, 100, 199))
            using (HttpResponseMessage partial = await http.SendAsync(range))
            {
                Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
                Assert.Equal(whole.Length, partial.Content.Headers.ContentRange!.Length);
                Assert.Equal(whole.AsSpan(100, 100).ToArray(), await partial.Content.ReadAsByteArrayAsync());
            }

            emulator.Faults.UnknownTotalRange = FaultRule.Always(EmulatorEndpoints.Download);
            using (HttpRequestMessage range = RangeOf(path, 100, 199))
            using (HttpResponseMessage partial = await http.SendAsync(range))
            {
                Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
                Assert.False(partial.Content.Headers.ContentRange!.HasLength);
                Assert.Equal(100, partial.Content.Headers.ContentRange.From);
                Assert.Equal(199, partial.Content.Headers.ContentRange.To);
                Assert.Equal("UnknownTotalRange", emulator.Requests.Last().Fault);
            }

            emulator.Faults.UnknownTotalRange = FaultRule.Off;
            emulator.Faults.GzipDownload = FaultRule.Always(EmulatorEndpoints.Download);
            using (HttpResponseMessage zipped = await http.GetAsync(path))
            {
                Assert.Equal(HttpStatusCode.OK, zipped.StatusCode);
                Assert.Equal(new[] { "gzip" }, zipped.Content.Headers.ContentEncoding);
                await using var gzip = new GZipStream(await zipped.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
                using var plain = new MemoryStream();
                await gzip.CopyToAsync(plain);
                Assert.Equal(whole, plain.ToArray());
                Assert.Equal("GzipDownload", emulator.Requests.Last().Fault);
            }
        }

        private static HttpRequestMessage RangeOf(string path, long from, long to)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(from, to);
            return request;
        }

        /// <summary>
        /// Walks the file as a decoder would: an ID3v2 tag, then MPEG-1 Layer III frames that must each start with a
        /// valid header and fill the file exactly; returns the playing time (1152 samples a frame).
        /// </summary>
        private static long Mp3Milliseconds(byte[] bytes)
        {
            Assert.Equal("ID3", System.Text.Encoding.ASCII.GetString(bytes, 0, 3));
            int tagSize = 10 + ((bytes[6] & 0x7F) << 21 | (bytes[7] & 0x7F) << 14 | (bytes[8] & 0x7F) << 7 | (bytes[9] & 0x7F));
            int[] bitrates = { 0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320 };
            int[] rates = { 44100, 48000, 32000 };
            long samples = 0;
            int sampleRate = 0;
            int offset = tagSize;
            while (offset < bytes.Length)
            {
                Assert.True(offset + 4 <= bytes.Length, "truncated frame header at " + offset);
                Assert.Equal(0xFF, bytes[offset]);
                Assert.Equal(0xFB, bytes[offset + 1] & 0xFF);
                int bitrate = bitrates[bytes[offset + 2] >> 4] * 1000;
                sampleRate = rates[(bytes[offset + 2] >> 2) & 0x3];
                int padding = (bytes[offset + 2] >> 1) & 1;
                Assert.True(bitrate > 0, "free or bad bitrate at " + offset);
                offset += (144 * bitrate / sampleRate) + padding;
                samples += 1152;
            }

            Assert.Equal(bytes.Length, offset);
            return samples * 1000 / sampleRate;
        }
    }
}
