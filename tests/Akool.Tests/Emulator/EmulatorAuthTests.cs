using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Akool.Emulator;
using Xunit;
using static Akool.Tests.Emulator.EmulatorTestKit;

namespace Akool.Tests.Emulator
{
    /// <summary>Akool's two ways to authenticate, and how each goes wrong.</summary>
    public sealed class EmulatorAuthTests
    {
        [Fact]
        public async Task ApiKeyIsAccepted()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            JsonElement answer = await CallAsync(http, HttpMethod.Get, CreditPath, apiKey: emulator.Options.ApiKey);
            Assert.Equal(1000, Code(answer));
            Assert.Equal(emulator.Options.ClientSecret, emulator.Options.ApiKey);
            Assert.Equal("ApiKey", emulator.Requests.Single().AuthKind);
        }

        [Fact]
        public async Task TokenFromGetTokenIsAcceptedAsBearer()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            string token = await TokenAsync(http, emulator);
            JsonElement answer = await CallAsync(http, HttpMethod.Get, CreditPath, bearer: token);
            Assert.Equal(1000, Code(answer));
            Assert.Equal(new[] { "None", "Bearer" }, emulator.Requests.Select(r => r.AuthKind));
        }

        [Fact]
        public async Task GetTokenAnswersTheTokenAtTopLevelWithoutData()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            string body = JsonSerializer.Serialize(new { clientId = emulator.Options.ClientId, clientSecret = emulator.Options.ClientSecret });
            JsonElement answer = await CallAsync(http, HttpMethod.Post, TokenPath, body);
            Assert.Equal(1000, Code(answer));
            Assert.False(string.IsNullOrEmpty(answer.GetProperty("token").GetString()));
            Assert.False(answer.TryGetProperty("data", out _));
        }

        [Theory]
        [InlineData("emulator-client", "wrong-secret-0123456789abcdefghij", 1101)]
        [InlineData("someone-else", "emulator-secret-0123456789abcdef", 1101)]
        [InlineData("", "emulator-secret-0123456789abcdef", 1003)]
        public async Task GetTokenRejectsWrongCredentials(string clientId, string clientSecret, int expected)
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            JsonElement answer = await CallAsync(http, HttpMethod.Post, TokenPath, JsonSerializer.Serialize(new { clientId, clientSecret }));
            Assert.Equal(expected, Code(answer));
            Assert.False(answer.TryGetProperty("token", out _));
        }

        [Fact]
        public async Task BothHeadersBearerWinsAndTheApiKeyIsIgnored()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            string token = await TokenAsync(http, emulator);

            JsonElement goodBearerBadKey = await CallAsync(http, HttpMethod.Get, CreditPath, apiKey: "not-the-key", bearer: token);
            JsonElement badBearerGoodKey = await CallAsync(http, HttpMethod.Get, CreditPath, apiKey: emulator.Options.ApiKey, bearer: "not-a-token");

            Assert.Equal(1000, Code(goodBearerBadKey));
            Assert.Equal(1101, Code(badBearerGoodKey));
            Assert.Equal("Both", emulator.Requests.Last().AuthKind);
        }

        [Fact]
        public async Task NoCredentialsGives1102()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            JsonElement answer = await CallAsync(http, HttpMethod.Post, CreatePath, CreateBody());
            Assert.Equal(1102, Code(answer));
            Assert.False(string.IsNullOrEmpty(answer.GetProperty("msg").GetString()));
            Assert.Equal(0, emulator.CreateCount);
            Assert.Equal("None", emulator.Requests.Single().AuthKind);
        }

        [Fact]
        public async Task BadApiKeyAndBadTokenGive1101()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            Assert.Equal(1101, Code(await CallAsync(http, HttpMethod.Post, CreatePath, CreateBody(), apiKey: "wrong")));
            Assert.Equal(1101, Code(await CallAsync(http, HttpMethod.Post, CreatePath, CreateBody(), bearer: "wrong")));
            Assert.Equal(0, emulator.CreateCount);
        }

        [Fact]
        public async Task ExpireAllTokensExpiresOnlyTheTokensMintedSoFar()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            string old = await TokenAsync(http, emulator);
            Assert.Equal(1000, Code(await CallAsync(http, HttpMethod.Get, CreditPath, bearer: old)));

            emulator.ExpireAllTokens();

            Assert.Equal(1101, Code(await CallAsync(http, HttpMethod.Get, CreditPath, bearer: old)));
            string fresh = await TokenAsync(http, emulator);
            Assert.Equal(1000, Code(await CallAsync(http, HttpMethod.Get, CreditPath, bearer: fresh)));
            Assert.Equal(1000, Code(await CallAsync(http, HttpMethod.Get, CreditPath, apiKey: emulator.Options.ApiKey)));
        }

        [Fact]
        public async Task TokenLifetimeIsMeasuredOnTheEmulatorClock()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            emulator.Faults.TokenLifetime = TimeSpan.FromMinutes(1);
            using HttpClient http = HttpFor(emulator);
            string token = await TokenAsync(http, emulator);
            Assert.Equal(1000, Code(await CallAsync(http, HttpMethod.Get, CreditPath, bearer: token)));

            emulator.Clock.Advance(TimeSpan.FromMinutes(2));

            Assert.Equal(1101, Code(await CallAsync(http, HttpMethod.Get, CreditPath, bearer: token)));
            emulator.Faults.TokenLifetime = null;
            Assert.Equal(1000, Code(await CallAsync(http, HttpMethod.Get, CreditPath, bearer: token)));
        }

        [Fact]
        public async Task CustomCredentialsFromOptionsAreUsed()
        {
            var options = new EmulatorOptions { ClientId = "my-client", ClientSecret = "0123456789abcdef", ApiKey = "separate-key" };
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync(options);
            using HttpClient http = HttpFor(emulator);
            Assert.Equal(1000, Code(await CallAsync(http, HttpMethod.Get, CreditPath, apiKey: "separate-key")));
            Assert.Equal(1101, Code(await CallAsync(http, HttpMethod.Get, CreditPath, apiKey: "0123456789abcdef")));
            Assert.NotEmpty(await TokenAsync(http, emulator));
        }

        [Fact]
        public async Task AShortSecretServesKeysAndTokensButRefusesWebhookCreatesSayingWhy()
        {
            await Assert.ThrowsAsync<ArgumentException>(() => AkoolEmulator.StartAsync(new EmulatorOptions { ClientSecret = string.Empty }));

            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync(new EmulatorOptions { ClientSecret = "s-1" });
            using HttpClient http = HttpFor(emulator);
            Assert.False(emulator.Options.CanEncryptWebhooks);
            Assert.Equal(1000, Code(await CallAsync(http, HttpMethod.Get, CreditPath, apiKey: "s-1")));
            Assert.NotEmpty(await TokenAsync(http, emulator));
            string withWebhook = "{\"talking_photo_url\":\"https://img.example.com/a.jpg\",\"audio_url\":\"https://audio.example.com/a.mp3\",\"webhookUrl\":\"https://hooks.example.com/x\"}";
            Assert.Equal(1003, Code(await CallAsync(http, HttpMethod.Post, CreatePath, withWebhook, apiKey: "s-1")));
            Assert.Equal(0, emulator.CreateCount);
        }
    }
}
