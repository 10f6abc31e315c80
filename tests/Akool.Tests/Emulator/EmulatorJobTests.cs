using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Akool.Emulator;
using Xunit;
using static Akool.Tests.Emulator.EmulatorTestKit;

namespace Akool.Tests.Emulator
{
    /// <summary>A job's life on the emulator clock: queueing, processing, completed or failed, expired; and its cost.</summary>
    public sealed class EmulatorJobTests
    {
        private static readonly string[] RealFields =
        {
            "faceswap_quality", "storage_loc", "_id", "create_time", "uid", "type", "from", "video_lock_duration",
            "deduction_lock_duration", "external_video", "talking_photo", "video", "__v", "video_status",
        };

        [Fact]
        public async Task TwoEmulatorsStartedAtOnceWithTheSameSeedNeverShareAnId()
        {
            // The seed makes faults repeatable; it must not make ids repeat, or a test would see another's videos.
            async Task<string[]> IdsAsync()
            {
                await using AkoolEmulator emulator = await AkoolEmulator.StartAsync(new EmulatorOptions { Seed = 12345 });
                using HttpClient http = HttpFor(emulator);
                var ids = new string[5];
                for (int i = 0; i < ids.Length; i++) ids[i] = await CreateIdAsync(http, emulator);
                return ids;
            }

            string[][] both = await Task.WhenAll(IdsAsync(), IdsAsync());

            Assert.Empty(both[0].Intersect(both[1]));
            // Apart from the seconds they were made in: ids made in the same second differ too.
            Assert.Empty(both[0].Select(id => id.Substring(8)).Intersect(both[1].Select(id => id.Substring(8))));
        }

        [Fact]
        public async Task AJobGoesFromQueueingToProcessingToCompletedWithADownloadableMp4()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync(new EmulatorOptions { QueueTime = TimeSpan.FromSeconds(10), ProcessingTime = TimeSpan.FromSeconds(20) });
            using HttpClient http = HttpFor(emulator);

            JsonElement created = (await CreateAsync(http, emulator)).GetProperty("data");
            string id = created.GetProperty("_id").GetString()!;
            Assert.Matches(new Regex("^[0-9a-f]{24}$"), id);
            Assert.Equal(1, created.GetProperty("video_status").GetInt32());
            Assert.Equal(string.Empty, created.GetProperty("video").GetString());
            foreach (string field in RealFields)
            {
                Assert.True(created.TryGetProperty(field, out _), "create answer lacks " + field);
            }

            long createTime = created.GetProperty("create_time").GetInt64();
            Assert.InRange(createTime, emulator.Clock.Now.AddMinutes(-1).ToUnixTimeMilliseconds(), emulator.Clock.Now.ToUnixTimeMilliseconds());
            Assert.Equal(1, (await StatusAsync(http, emulator, id)).GetProperty("data").GetProperty("video_status").GetInt32());

            emulator.Clock.Advance(TimeSpan.FromSeconds(11));
            JsonElement processing = (await StatusAsync(http, emulator, id)).GetProperty("data");
            Assert.Equal(2, processing.GetProperty("video_status").GetInt32());
            Assert.Equal(string.Empty, processing.GetProperty("video").GetString());
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/videos/" + id + ".mp4")).StatusCode);

            emulator.Clock.Advance(TimeSpan.FromSeconds(20));
            JsonElement done = (await StatusAsync(http, emulator, id)).GetProperty("data");
            Assert.Equal(3, done.GetProperty("video_status").GetInt32());
            Assert.Equal(id, done.GetProperty("_id").GetString());
            Assert.Equal(createTime, done.GetProperty("create_time").GetInt64());
            string url = done.GetProperty("video").GetString()!;
            Assert.Equal(new Uri(emulator.BaseUri, "/videos/" + id + ".mp4"), new Uri(url));

            using HttpResponseMessage download = await http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("video/mp4", download.Content.Headers.ContentType!.MediaType);
            byte[] bytes = await download.Content.ReadAsByteArrayAsync();
            Assert.Equal(emulator.VideoBytes(id), bytes);
            Assert.Equal(emulator.VideoLength(id), bytes.Length);
            Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString(bytes, 4, 4));
            Assert.Equal(1, emulator.CreateCount);
            Assert.Equal(3, emulator.Jobs[0].Status);
        }

        [Fact]
        public async Task TheFailMarkerEndsInStatus4WithErrorFields()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            string id = await CreateIdAsync(http, emulator, CreateBody(photo: "https://cdn.example.com/akool-fail/face.jpg"));

            emulator.Clock.Advance(TimeSpan.FromMinutes(1));
            JsonElement data = (await StatusAsync(http, emulator, id)).GetProperty("data");

            Assert.Equal(4, data.GetProperty("video_status").GetInt32());
            Assert.Equal(string.Empty, data.GetProperty("video").GetString());
            Assert.True(data.GetProperty("error_code").GetInt32() > 0);
            Assert.False(string.IsNullOrEmpty(data.GetProperty("error_reason").GetString()));
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/videos/" + id + ".mp4")).StatusCode);
        }

        [Fact]
        public async Task TheExpiredMarkerCompletesButItsVideoAnswers404()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            string id = await CreateIdAsync(http, emulator, CreateBody(photo: "https://cdn.example.com/face-akool-expired.jpg"));

            emulator.Clock.Advance(TimeSpan.FromMinutes(1));
            JsonElement data = (await StatusAsync(http, emulator, id)).GetProperty("data");

            Assert.Equal(3, data.GetProperty("video_status").GetInt32());
            using HttpResponseMessage download = await http.GetAsync(data.GetProperty("video").GetString());
            Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
        }

        [Fact]
        public async Task AJobCreatedEightDaysAgoHasAnExpiredVideo()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            emulator.Clock.Offset = TimeSpan.FromDays(-8);
            string old = await CreateIdAsync(http, emulator);
            emulator.Clock.Offset = TimeSpan.Zero;
            string fresh = await CreateIdAsync(http, emulator);
            emulator.Clock.Advance(TimeSpan.FromMinutes(1));

            Assert.Equal(3, (await StatusAsync(http, emulator, old)).GetProperty("data").GetProperty("video_status").GetInt32());
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/videos/" + old + ".mp4")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/videos/" + fresh + ".mp4")).StatusCode);

            emulator.Clock.Advance(TimeSpan.FromDays(7));
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/videos/" + fresh + ".mp4")).StatusCode);
        }

        [Fact]
        public async Task CreditsGoDownAndRunningOutGives1104()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync(new EmulatorOptions { InitialCredit = 25, CreditPerVideo = 10 });
            using HttpClient http = HttpFor(emulator);

            await CreateIdAsync(http, emulator);
            await CreateIdAsync(http, emulator);
            JsonElement third = await CreateAsync(http, emulator);
            JsonElement credit = await CallAsync(http, HttpMethod.Get, CreditPath, apiKey: emulator.Options.ApiKey);

            Assert.Equal(1104, Code(third));
            Assert.Equal(5m, credit.GetProperty("data").GetProperty("credit").GetDecimal());
            Assert.Equal(2, emulator.CreateCount);
            Assert.Equal(5m, emulator.Credit);

            emulator.Credit = 100;
            await CreateIdAsync(http, emulator);
            Assert.Equal(90m, emulator.Credit);
            Assert.Equal(3, emulator.CountCreates(j => j.TalkingPhotoUrl == Photo));
        }

        [Fact]
        public async Task TwoHundredFiftyConcurrentCreatesAreAllProcessedAndBilledOnce()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            var calls = new Task<JsonElement>[250];
            for (int i = 0; i < calls.Length; i++)
            {
                calls[i] = CreateAsync(http, emulator, CreateBody(photo: Photo + "?n=" + i));
            }

            JsonElement[] answers = await Task.WhenAll(calls);

            Assert.All(answers, a => Assert.Equal(1000, Code(a)));
            Assert.Equal(250, emulator.CreateCount);
            Assert.Equal(100000m - 2500m, emulator.Credit);
            Assert.Equal(250, new System.Collections.Generic.HashSet<string>(Array.ConvertAll(answers, a => a.GetProperty("data").GetProperty("_id").GetString()!)).Count);
        }
    }
}
