using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Akool.Emulator;
using Xunit;
using static Akool.Tests.Emulator.EmulatorTestKit;

namespace Akool.Tests.Emulator
{
    /// <summary>Parameter errors (1003) and unknown ids (1008): nothing is made, nothing is billed.</summary>
    public sealed class EmulatorValidationTests
    {
        [Theory]
        [InlineData("{\"talking_photo_url\":\"https://a.example/p.jpg\"}")]
        [InlineData("{\"talking_photo_url\":\"\",\"audio_url\":\"https://a.example/a.mp3\"}")]
        [InlineData("{\"talking_photo_url\":\"   \",\"audio_url\":\"https://a.example/a.mp3\"}")]
        [InlineData("{\"talking_photo_url\":\"/photos/p.jpg\",\"audio_url\":\"https://a.example/a.mp3\"}")]
        [InlineData("{\"talking_photo_url\":\"ftp://a.example/p.jpg\",\"audio_url\":\"https://a.example/a.mp3\"}")]
        [InlineData("{\"talking_photo_url\":\"https://a.example/p.jpg\",\"audio_url\":\"a.mp3\"}")]
        [InlineData("{\"talking_photo_url\":\"https://a.example/p.jpg\",\"audio_url\":\"https://a.example/a.mp3\",\"resolution\":\"4k\"}")]
        [InlineData("{\"talking_photo_url\":\"https://a.example/p.jpg\",\"audio_url\":\"https://a.example/a.mp3\",\"resolution\":\"720p\"}")]
        [InlineData("{\"talking_photo_url\":\"https://a.example/p.jpg\",\"audio_url\":\"https://a.example/a.mp3\",\"resolution\":720}")]
        [InlineData("{\"talking_photo_url\":\"https://a.example/p.jpg\",\"audio_url\":\"https://a.example/a.mp3\",\"webhookUrl\":\"not a url\"}")]
        [InlineData("{\"talking_photo_url\":42,\"audio_url\":\"https://a.example/a.mp3\"}")]
        [InlineData("talking_photo_url=https://a.example/p.jpg")]
        [InlineData("")]
        [InlineData("[]")]
        public async Task ParameterMistakesGive1003AndMakeNothing(string body)
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            decimal before = emulator.Credit;

            JsonElement answer = await CreateAsync(http, emulator, body);

            Assert.Equal(1003, Code(answer));
            Assert.Equal(0, emulator.CreateCount);
            Assert.Equal(before, emulator.Credit);
        }

        [Theory]
        [InlineData("720")]
        [InlineData("1080")]
        public async Task TheTwoResolutionsAreAcceptedAndEchoed(string resolution)
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            string body = JsonSerializer.Serialize(new { talking_photo_url = Photo, audio_url = Audio, resolution, prompt = "nod" });

            JsonElement data = (await CreateAsync(http, emulator, body)).GetProperty("data");

            Assert.Equal(resolution, data.GetProperty("resolution").GetString());
            Assert.Equal("nod", data.GetProperty("prompt").GetString());
            Assert.Equal(resolution, emulator.Jobs[0].Resolution);
        }

        [Theory]
        [InlineData("0123456789abcdef01234567")]
        [InlineData("not-an-id")]
        [InlineData("0123456789ABCDEF01234567")]
        public async Task UnknownOrMalformedIdsGive1008(string id)
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            Assert.Equal(1008, Code(await StatusAsync(http, emulator, id)));
        }

        [Fact]
        public async Task AMissingIdGives1003()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            Assert.Equal(1003, Code(await CallAsync(http, HttpMethod.Get, "/api/open/v3/content/video/infobymodelid", apiKey: emulator.Options.ApiKey)));
        }
    }
}
