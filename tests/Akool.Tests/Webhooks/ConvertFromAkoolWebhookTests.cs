using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Security;
using System.Text;
using System.Threading.Tasks;
using Akool.Emulator;
using Akool.Tests.Harness;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Akool.Tests.Webhooks
{
    /// <summary>ConvertFrom-AkoolWebhook through the real engine, with the module imported from out/Akool.</summary>
    public sealed class ConvertFromAkoolWebhookTests : IDisposable
    {
        private const string ClientId = "cmdlet_Client";
        private const string Secret = "Cmdlet-Secret-0123456789abcdefgh"; // 32 bytes: AES-256, as real callbacks
        private const string Plain = "{\"_id\":\"64ee00000000000000000001\",\"status\":3,\"type\":\"talking photo\",\"url\":\"https://cdn.example/v/1.mp4\",\"deduction_credit\":30}";
        private readonly PowerShellSession _session = PowerShellSession.Start();

        public ConvertFromAkoolWebhookTests()
        {
            // The current connection and the memory of accepted events are process-wide: start every test without them.
            _session.Run("Disconnect-Akool");
            Akool.Webhooks.WebhookReplayGuard.Forget();
        }

        public void Dispose()
        {
            _session.Run("Disconnect-Akool");
            _session.Dispose();
        }

        private static string FreshBody(string plaintext = Plain, TimeSpan? age = null, string secret = Secret, string nonce = "7301") =>
            WebhookVectors.MakeBody(ClientId, secret, plaintext, DateTimeOffset.UtcNow - (age ?? TimeSpan.Zero), nonce);

        private ScriptResult Run(string script, Dictionary<string, object?>? variables = null)
        {
            var all = new Dictionary<string, object?> { ["clientId"] = ClientId, ["secret"] = Secret };
            if (variables != null) foreach (var pair in variables) all[pair.Key] = pair.Value;
            ScriptResult result = _session.Run(script, all);
            Assert.DoesNotContain(Secret, result.AllText());
            return result;
        }

        [Fact]
        public void AJsonStringFromThePipelineBecomesAnEvent()
        {
            ScriptResult result = Run("$body | ConvertFrom-AkoolWebhook -ClientId $clientId -ClientSecret $secret", new() { ["body"] = FreshBody() });

            Assert.Empty(result.Errors);
            AkoolWebhookEvent e = Assert.Single(result.OutputOf<AkoolWebhookEvent>());
            Assert.Equal("64ee00000000000000000001", e.Id);
            Assert.Equal(AkoolVideoStatus.Completed, e.Status);
            Assert.Equal("https://cdn.example/v/1.mp4", e.Url);
            Assert.Equal(30m, e.DeductionCredit);
            Assert.Equal("7301", e.Nonce);
            Assert.InRange(e.Timestamp, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
        }

        [Fact]
        public void HashtablesObjectsAndWrappedStringsAreAccepted()
        {
            using var doc = System.Text.Json.JsonDocument.Parse(FreshBody(nonce: "a_Nonce"));
            var fields = doc.RootElement;
            var credential = new PSCredential(ClientId, ToSecure(Secret));
            const string script = @"
                $h = @{ signature = $sig; dataEncrypt = $data; timestamp = [long]$ts; nonce = $nonce }
                $o = [pscustomobject]@{ Signature = $sig; DataEncrypt = $data; Timestamp = [string]$ts; Nonce = $nonce; Extra = 1 }
                $wrapped = [psobject]$json
                ConvertFrom-AkoolWebhook -Body $h -Credential $cred -SeenIds ([System.Collections.Generic.HashSet[string]]::new())
                $o | ConvertFrom-AkoolWebhook -Credential $cred -SeenIds ([System.Collections.Generic.HashSet[string]]::new())
                ConvertFrom-AkoolWebhook $wrapped -Credential $cred -SeenIds ([System.Collections.Generic.HashSet[string]]::new())";
            ScriptResult result = Run(script, new()
            {
                ["sig"] = fields.GetProperty("signature").GetString(),
                ["data"] = fields.GetProperty("dataEncrypt").GetString(),
                ["ts"] = fields.GetProperty("timestamp").GetInt64(),
                ["nonce"] = fields.GetProperty("nonce").GetString(),
                ["json"] = fields.GetRawText(),
                ["cred"] = credential,
            });

            Assert.Empty(result.Errors);
            Assert.Equal(3, result.OutputOf<AkoolWebhookEvent>().Count);
            Assert.All(result.OutputOf<AkoolWebhookEvent>(), e => Assert.Equal("64ee00000000000000000001", e.Id));
        }

        [Fact]
        public void EachRejectedCallbackIsItsOwnErrorAndYieldsNoData()
        {
            string good = FreshBody();
            int at = good.IndexOf("\"signature\":\"", StringComparison.Ordinal) + 13;
            string tampered = good.Substring(0, at) + (good[at] == '0' ? '1' : '0') + good.Substring(at + 1);
            string stale = FreshBody(age: TimeSpan.FromHours(1));
            string wrongKey = FreshBody(secret: "Another-Secret-0123456789abcdefg");
            string malformed = "{\"signature\":\"abc\"}";
            string other = FreshBody(Plain.Replace("0001", "0002").Replace("\"status\":3", "\"status\":2"));

            ScriptResult result = Run("$bodies | ConvertFrom-AkoolWebhook -ClientId $clientId -ClientSecret $secret",
                new() { ["bodies"] = new object[] { good, tampered, stale, wrongKey, malformed, other } });

            Assert.Null(result.TerminatingError);
            Assert.Equal(new[] { "64ee00000000000000000001", "64ee00000000000000000002" }, result.OutputOf<AkoolWebhookEvent>().Select(e => e.Id));
            Assert.Equal(new[] { "AkoolWebhookSignatureInvalid", "AkoolWebhookStale", "AkoolWebhookDecryptionFailed", "AkoolWebhookMalformed" }, result.ErrorIds);
            Assert.Equal(new[] { ErrorCategory.SecurityError, ErrorCategory.SecurityError, ErrorCategory.SecurityError, ErrorCategory.InvalidData },
                result.Errors.Select(e => e.CategoryInfo.Category));
            Assert.All(result.Errors, e => Assert.EndsWith(",Akool.Commands.ConvertFromAkoolWebhookCommand", e.FullyQualifiedErrorId));
            Assert.Equal(new[] { tampered, stale, wrongKey, malformed }, result.Errors.Select(e => e.TargetObject?.ToString()));
            Assert.All(result.Errors, e => Assert.Matches(@"\. (Do not act on it|Check that|Pass the request body)", e.Exception.Message));
        }

        [Fact]
        public void MaxAgeWidensTheWindowAndABareNumberIsSecondsAsInvokeRestMethodReadsIt()
        {
            string hourOld = FreshBody(age: TimeSpan.FromHours(1));
            ScriptResult wide = Run("ConvertFrom-AkoolWebhook $body -ClientId $clientId -ClientSecret $secret -MaxAge '02:00:00'", new() { ["body"] = hourOld });
            Assert.Empty(wide.Errors);
            Assert.Single(wide.OutputOf<AkoolWebhookEvent>());

            ScriptResult seconds = Run("ConvertFrom-AkoolWebhook $body -ClientId $clientId -ClientSecret $secret -MaxAge 7200", new() { ["body"] = hourOld });
            Assert.Empty(seconds.Errors);
            Assert.Single(seconds.OutputOf<AkoolWebhookEvent>());
            ScriptResult tooShort = Run("ConvertFrom-AkoolWebhook $body -ClientId $clientId -ClientSecret $secret -MaxAgeSec 60", new() { ["body"] = hourOld });
            Assert.Equal(new[] { "AkoolWebhookStale" }, tooShort.ErrorIds);

            // Under a second every callback would be refused: said once, before reading any.
            ScriptResult ticks = Run("ConvertFrom-AkoolWebhook $body -ClientId $clientId -ClientSecret $secret -MaxAge 0.5", new() { ["body"] = FreshBody() });
            Assert.Empty(ticks.Output);
            Assert.Equal(new[] { "AkoolInvalidArgument" }, ticks.ErrorIds);
            Assert.Equal(ErrorCategory.InvalidArgument, ticks.Errors[0].CategoryInfo.Category);
        }

        [Fact]
        public void WithoutCredentialsOrConnectionItStopsAndSaysHowToGiveThem()
        {
            ScriptResult result = Run("ConvertFrom-AkoolWebhook -Body $body", new() { ["body"] = FreshBody() });

            Assert.Empty(result.Output);
            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("AkoolWebhookCredentialMissing", result.ErrorIds[0]);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains("-ClientSecret", error.ErrorDetails!.Message);
        }

        [Fact]
        public void ASecretThatCannotBeAnAesKeyStopsBeforeAnyCallback()
        {
            const string shortSecret = "not-a-key-length";
            ScriptResult result = Run("$bodies | ConvertFrom-AkoolWebhook -ClientId $clientId -ClientSecret $short",
                new() { ["bodies"] = new object[] { FreshBody(), FreshBody() }, ["short"] = shortSecret + "!" });

            Assert.Empty(result.Output);
            Assert.Equal(new[] { "AkoolWebhookDecryptionFailed" }, result.ErrorIds);
            Assert.Equal(ErrorCategory.InvalidArgument, result.Errors[0].CategoryInfo.Category);
            Assert.DoesNotContain(shortSecret, result.AllText());
        }

        [Fact]
        public async Task TheEmulatorsCallbacksVerifyWithTheCurrentConnection()
        {
            await using Receiver receiver = await Receiver.StartAsync();
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync(new EmulatorOptions { ClientId = "emu_Client", ClientSecret = Secret });
            ScriptResult connect = Run("Connect-Akool -BaseUri $uri -ClientId 'emu_Client' -ClientSecret $secret", new() { ["uri"] = emulator.BaseUri });
            Assert.Empty(connect.Errors);

            using var http = new HttpClient { BaseAddress = emulator.BaseUri };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/open/v3/content/video/createbytalkingphoto")
            {
                Content = new StringContent(
                    "{\"talking_photo_url\":\"https://cdn.example.com/face.jpg\",\"audio_url\":\"https://cdn.example.com/a.mp3\",\"webhookUrl\":\"" + receiver.Url + "\"}",
                    Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("x-api-key", Secret);
            using HttpResponseMessage created = await http.SendAsync(request);
            using var answer = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync());
            string id = answer.RootElement.GetProperty("data").GetProperty("_id").GetString()!;

            emulator.Clock.Advance(TimeSpan.FromMinutes(1));
            Eventually.True(() => receiver.Bodies.Count >= 2, TimeSpan.FromSeconds(20), "two callbacks");

            ScriptResult result = Run("$bodies | ConvertFrom-AkoolWebhook", new() { ["bodies"] = receiver.Bodies.ToArray() });
            Assert.Empty(result.Errors);
            List<AkoolWebhookEvent> events = result.OutputOf<AkoolWebhookEvent>();
            Assert.Equal(new[] { AkoolVideoStatus.Processing, AkoolVideoStatus.Completed }, events.Select(e => e.Status));
            Assert.All(events, e => Assert.Equal(id, e.Id));
            Assert.Null(events[0].Url);
            Assert.NotNull(events[1].Url);
        }

        [Fact]
        public async Task AConnectionWithoutAClientIdCannotVerify()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            ScriptResult result = Run("Connect-Akool -BaseUri $uri -ApiKey $key; ConvertFrom-AkoolWebhook -Body '{}'",
                new() { ["uri"] = emulator.BaseUri, ["key"] = emulator.Options.ApiKey });
            Assert.Equal(new[] { "AkoolWebhookCredentialMissing" }, result.ErrorIds);
        }

        private static SecureString ToSecure(string text)
        {
            var secure = new SecureString();
            foreach (char c in text) secure.AppendChar(c);
            secure.MakeReadOnly();
            return secure;
        }

        /// <summary>A webhook URL on 127.0.0.1 that keeps the raw bodies posted to it.</summary>
        private sealed class Receiver : IAsyncDisposable
        {
            private readonly WebApplication _app;

            private Receiver(WebApplication app) => _app = app;

            public ConcurrentQueue<string> Bodies { get; } = new ConcurrentQueue<string>();

            public string Url { get; private set; } = string.Empty;

            public static async Task<Receiver> StartAsync()
            {
                WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
                builder.Logging.ClearProviders();
                builder.WebHost.UseUrls("http://127.0.0.1:0");
                WebApplication app = builder.Build();
                var receiver = new Receiver(app);
                app.MapPost("/hook", async (HttpContext context) =>
                {
                    using var reader = new StreamReader(context.Request.Body);
                    receiver.Bodies.Enqueue(await reader.ReadToEndAsync());
                    context.Response.StatusCode = 200;
                });
                await app.StartAsync();
                receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/hook";
                return receiver;
            }

            public async ValueTask DisposeAsync()
            {
                await _app.StopAsync();
                await _app.DisposeAsync();
            }
        }
    }
}
