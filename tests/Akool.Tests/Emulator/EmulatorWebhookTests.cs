using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Akool.Emulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;
using static Akool.Tests.Emulator.EmulatorTestKit;

namespace Akool.Tests.Emulator
{
    /// <summary>Signed, encrypted callbacks, verified and decrypted here by the README's rules alone.</summary>
    public sealed class EmulatorWebhookTests
    {
        [Fact]
        public async Task ACompletedJobSendsSignedCallbacksForProcessingAndCompleted()
        {
            await using Receiver receiver = await Receiver.StartAsync(failFirst: 0);
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync(new EmulatorOptions { WebhookRetryInterval = TimeSpan.FromMilliseconds(50) });
            using HttpClient http = HttpFor(emulator);
            string id = await CreateIdAsync(http, emulator, CreateBody(webhook: receiver.Url));

            emulator.Clock.Advance(TimeSpan.FromMinutes(1));
            await WaitUntilAsync(() => receiver.Bodies.Count >= 2, "two callbacks");

            List<JsonElement> plain = receiver.Bodies.Select(b => VerifyAndDecrypt(b, emulator.Options.ClientId, emulator.Options.ClientSecret)).ToList();
            Assert.Equal(new[] { 2, 3 }, plain.Select(p => p.GetProperty("status").GetInt32()));
            Assert.All(plain, p => Assert.Equal(id, p.GetProperty("_id").GetString()));
            Assert.All(plain, p => Assert.Equal("talking photo", p.GetProperty("type").GetString()));
            Assert.Equal(string.Empty, plain[0].GetProperty("url").GetString());
            Assert.Equal(new Uri(emulator.BaseUri, "/videos/" + id + ".mp4"), new Uri(plain[1].GetProperty("url").GetString()!));
            Assert.Equal(10m, plain[1].GetProperty("deduction_credit").GetDecimal());
            await WaitUntilAsync(() => emulator.WebhookDeliveries.Count == 2 && emulator.WebhookDeliveries.All(d => d.Delivered), "deliveries recorded");
            Assert.All(emulator.WebhookDeliveries, d => Assert.Equal(1, d.Attempts));
        }

        [Fact]
        public async Task TheCallbackTimestampIsRealSendTimeEvenWhenTheClockIsShifted()
        {
            await using Receiver receiver = await Receiver.StartAsync(failFirst: 0);
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            await CreateIdAsync(http, emulator, CreateBody(webhook: receiver.Url));

            emulator.Clock.Advance(TimeSpan.FromHours(3));
            await WaitUntilAsync(() => receiver.Bodies.Count >= 2, "two callbacks");

            using JsonDocument body = JsonDocument.Parse(receiver.Bodies.First());
            long timestamp = body.RootElement.GetProperty("timestamp").GetInt64();
            Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - timestamp, 0, 60_000);
        }

        [Fact]
        public async Task AFailedJobReportsStatus4()
        {
            await using Receiver receiver = await Receiver.StartAsync(failFirst: 0);
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            await CreateIdAsync(http, emulator, CreateBody(photo: "https://cdn.example.com/akool-fail.jpg", webhook: receiver.Url));

            emulator.Clock.Advance(TimeSpan.FromMinutes(1));
            await WaitUntilAsync(() => receiver.Bodies.Count >= 2, "two callbacks");

            JsonElement last = VerifyAndDecrypt(receiver.Bodies.Last(), emulator.Options.ClientId, emulator.Options.ClientSecret);
            Assert.Equal(4, last.GetProperty("status").GetInt32());
            Assert.Equal(string.Empty, last.GetProperty("url").GetString());
        }

        [Fact]
        public async Task AReceiverAnswering500IsRetriedUntilItAnswers200()
        {
            await using Receiver receiver = await Receiver.StartAsync(failFirst: 2);
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync(new EmulatorOptions
            {
                WebhookRetryInterval = TimeSpan.FromMilliseconds(50),
                ClientId = "short-id",
                ClientSecret = "sixteen-byte-key",
            });
            using HttpClient http = HttpFor(emulator);
            await CreateIdAsync(http, emulator, CreateBody(webhook: receiver.Url));

            emulator.Clock.Advance(TimeSpan.FromSeconds(1));
            await WaitUntilAsync(() => emulator.WebhookDeliveries.Any(d => d.Status == 2 && d.Delivered), "the processing callback to get through");

            WebhookDelivery first = emulator.WebhookDeliveries.First(d => d.Status == 2);
            Assert.Equal(3, first.Attempts);
            Assert.Equal(200, first.LastHttpStatus);
            Assert.Equal(3, receiver.Hits);
            Assert.Equal(2, VerifyAndDecrypt(receiver.Bodies.Last(), "short-id", "sixteen-byte-key").GetProperty("status").GetInt32());
        }

        [Fact]
        public async Task AReceiverThatNeverAnswers200IsTriedMaxAttemptsTimes()
        {
            await using Receiver receiver = await Receiver.StartAsync(failFirst: int.MaxValue);
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync(new EmulatorOptions { WebhookRetryInterval = TimeSpan.FromMilliseconds(20), WebhookMaxAttempts = 3 });
            using HttpClient http = HttpFor(emulator);
            await CreateIdAsync(http, emulator, CreateBody(webhook: receiver.Url));

            emulator.Clock.Advance(TimeSpan.FromSeconds(1));
            await WaitUntilAsync(() => emulator.WebhookDeliveries.Any(d => d.Status == 2 && d.Attempts == 3), "three attempts");

            Assert.False(emulator.WebhookDeliveries.First(d => d.Status == 2).Delivered);
            Assert.Equal(500, emulator.WebhookDeliveries.First(d => d.Status == 2).LastHttpStatus);
        }

        /// <summary>The README's receiver rules: ordinal sort, SHA-1, constant-time compare; AES-CBC with the secret and the client id as IV.</summary>
        private static JsonElement VerifyAndDecrypt(string body, string clientId, string clientSecret)
        {
            using JsonDocument document = JsonDocument.Parse(body);
            JsonElement root = document.RootElement;
            string signature = root.GetProperty("signature").GetString()!;
            string dataEncrypt = root.GetProperty("dataEncrypt").GetString()!;
            Assert.Equal(JsonValueKind.Number, root.GetProperty("timestamp").ValueKind);
            string timestamp = root.GetProperty("timestamp").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
            string nonce = root.GetProperty("nonce").GetString()!;

            string[] parts = { clientId, timestamp, nonce, dataEncrypt };
            Array.Sort(parts, StringComparer.Ordinal);
            byte[] expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts)))));
            Assert.Matches("^[0-9a-f]{40}$", signature);
            Assert.True(CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)), "signature mismatch");

            byte[] iv = new byte[16];
            byte[] id = Encoding.UTF8.GetBytes(clientId);
            Array.Copy(id, iv, Math.Min(16, id.Length));
            using Aes aes = Aes.Create();
            aes.Key = Encoding.UTF8.GetBytes(clientSecret);
            byte[] plain = aes.DecryptCbc(Convert.FromBase64String(dataEncrypt), iv, PaddingMode.PKCS7);
            using JsonDocument data = JsonDocument.Parse(plain);
            return data.RootElement.Clone();
        }

        /// <summary>A tiny webhook receiver on 127.0.0.1 that answers 500 to its first <c>failFirst</c> calls, then 200.</summary>
        private sealed class Receiver : IAsyncDisposable
        {
            private readonly WebApplication _app;
            private readonly int _failFirst;
            private int _hits;

            private Receiver(WebApplication app, int failFirst)
            {
                _app = app;
                _failFirst = failFirst;
            }

            public ConcurrentQueue<string> Bodies { get; } = new ConcurrentQueue<string>();

            public int Hits => Volatile.Read(ref _hits);

            public string Url { get; private set; } = string.Empty;

            public static async Task<Receiver> StartAsync(int failFirst)
            {
                WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
                builder.Logging.ClearProviders();
                builder.WebHost.UseUrls("http://127.0.0.1:0");
                WebApplication app = builder.Build();
                var receiver = new Receiver(app, failFirst);
                app.MapPost("/hook", receiver.HandleAsync);
                await app.StartAsync();
                string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                receiver.Url = address.TrimEnd('/') + "/hook";
                return receiver;
            }

            public async ValueTask DisposeAsync()
            {
                await _app.StopAsync();
                await _app.DisposeAsync();
            }

            private async Task HandleAsync(HttpContext context)
            {
                using var reader = new StreamReader(context.Request.Body);
                string body = await reader.ReadToEndAsync();
                int hit = Interlocked.Increment(ref _hits);
                if (hit <= _failFirst)
                {
                    context.Response.StatusCode = 500;
                    return;
                }

                Bodies.Enqueue(body);
                context.Response.StatusCode = 200;
            }
        }
    }
}
