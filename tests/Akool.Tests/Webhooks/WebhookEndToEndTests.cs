using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Akool.Emulator;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Webhooks
{
    /// <summary>
    /// The webhook flow with no polling: a batch created through the module with a webhookUrl column, the emulator's
    /// real signed and encrypted callbacks caught by a local receiver, turned into events by ConvertFrom-AkoolWebhook
    /// and saved by Save-AkoolVideo; and examples/azure-function run on those same callbacks.
    /// </summary>
    public sealed class WebhookEndToEndTests
    {
        private static readonly TimeSpan CallbackDeadline = TimeSpan.FromSeconds(30);
        private static readonly string FunctionApp = Path.Combine(RepositoryPaths.Root, "examples", "azure-function");
        private static readonly string FunctionScript = Path.Combine(FunctionApp, "AkoolWebhook", "run.ps1");
        private static readonly string FunctionProfile = Path.Combine(FunctionApp, "profile.ps1");

        // The replay guard is process-wide, and emulators seeded alike in the same second hand out the same ids:
        // start each test with a guard that has seen none of them.
        public WebhookEndToEndTests() => Akool.Webhooks.WebhookReplayGuard.Forget();

        // Rows as Import-Csv would give them, each with a webhookUrl column (Akool's own spelling) pointing at $hook.
        private static string RowsWithWebhook(int count, params int[] failing) =>
            ModuleTestContext.Rows(count, failing) +
            "$rows | ForEach-Object { $_.PSObject.Properties.Add([psnoteproperty]::new('webhookUrl', $hook)) }\n";

        [Fact]
        public async Task ABatchIsFollowedByItsCallbacksAndOnlyTheCompletedVideosAreSaved()
        {
            // The first callback is answered 500, so the emulator has to send it again.
            using HookReceiver receiver = HookReceiver.Start(hit => hit == 1 ? 500 : 200);
            await using ModuleTestContext context = await ModuleTestContext.StartAsync(o => o.WebhookRetryInterval = TimeSpan.FromMilliseconds(50));
            string secret = context.Emulator.Options.ClientSecret;

            ScriptResult submit = context.Run(
                "Connect-Akool -BaseUri $baseUri -ApiKey $apiKey -ClientId $clientId\n" + RowsWithWebhook(4, 3) + "$rows | New-AkoolTalkingPhoto",
                new() { ["hook"] = receiver.Url });
            Assert.Empty(submit.Errors);
            List<AkoolVideo> created = submit.OutputOf<AkoolVideo>();
            Assert.Equal(4, created.Count);
            string[] ids = created.Select(v => v.Id).ToArray();
            string failedId = context.Emulator.Jobs.Single(j => ModuleTestContext.RowOf(j) == 3).Id;
            string[] completedIds = ids.Where(id => id != failedId).ToArray();

            WaitForFinalCallbacks(context.Emulator, ids);
            IReadOnlyList<WebhookDelivery> deliveries = context.Emulator.WebhookDeliveries;
            string[] bodies = receiver.Bodies.ToArray();
            WebhookDelivery retried = Assert.Single(deliveries, d => d.Attempts > 1);
            Assert.Equal(2, retried.Attempts);
            Assert.Equal(200, retried.LastHttpStatus);
            Assert.All(deliveries, d => Assert.True(d.Delivered));
            Assert.Equal(deliveries.Sum(d => d.Attempts), bodies.Length);

            // Verified with the current connection's client id and API key.
            // Each event is marked handled as it is taken, as a receiver does once its work succeeded.
            ScriptResult convert = context.Run("$bodies | ConvertFrom-AkoolWebhook -Verbose | ForEach-Object { $_.MarkHandled(); $_ }", new() { ["bodies"] = bodies });
            Assert.Empty(convert.Errors);
            List<AkoolWebhookEvent> events = convert.OutputOf<AkoolWebhookEvent>();
            // The retried callback arrived twice: the repeat is recognised (same Id and Status) and not passed on.
            Assert.Equal(bodies.Length - 1, events.Count);
            Assert.Single(convert.Verbose, v => v.Contains("already handled", StringComparison.Ordinal) && v.Contains(retried.JobId, StringComparison.Ordinal));
            Assert.Equal(ids.OrderBy(i => i, StringComparer.Ordinal), events.Select(e => e.Id).Distinct().OrderBy(i => i, StringComparer.Ordinal));
            foreach (string id in completedIds)
            {
                Assert.Equal(new[] { AkoolVideoStatus.Processing, AkoolVideoStatus.Completed }, events.Where(e => e.Id == id).Select(e => e.Status).Distinct());
                AkoolWebhookEvent completed = Assert.Single(events, e => e.Id == id && e.Status == AkoolVideoStatus.Completed);
                Assert.Equal(new Uri(context.Emulator.BaseUri, "videos/" + id + ".mp4"), new Uri(completed.Url!));
            }
            Assert.Equal(new[] { AkoolVideoStatus.Processing, AkoolVideoStatus.Failed }, events.Where(e => e.Id == failedId).Select(e => e.Status).Distinct());
            Assert.All(events.Where(e => e.Status != AkoolVideoStatus.Completed), e => Assert.True(string.IsNullOrEmpty(e.Url)));
            Assert.DoesNotContain(events.GroupBy(e => (e.Id, e.Status)), g => g.Count() > 1);

            ScriptResult save = context.Run("$events | Where-Object Status -eq 'Completed' | Save-AkoolVideo -Destination ./hooked",
                new() { ["events"] = events.ToArray() });
            Assert.Empty(save.Errors);
            Assert.Equal(completedIds.Select(id => id + ".mp4").OrderBy(n => n, StringComparer.Ordinal),
                save.OutputOf<FileInfo>().Select(f => f.Name).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(completedIds.Select(id => id + ".mp4").OrderBy(n => n, StringComparer.Ordinal), context.Videos("hooked").Select(Path.GetFileName));
            foreach (string id in completedIds)
            {
                Assert.Equal(context.Emulator.VideoBytes(id), File.ReadAllBytes(Path.Combine(context.Folder, "hooked", id + ".mp4")));
            }
            Assert.False(File.Exists(Path.Combine(context.Folder, "hooked", failedId + ".mp4")));

            // A body from the receiver's collection with its ciphertext altered: rejected, and no event.
            string tampered = Tamper(bodies.First(b => StatusOf(context.Emulator, b) == 3));
            ScriptResult forged = context.Run("$tampered | ConvertFrom-AkoolWebhook", new() { ["tampered"] = tampered });
            Assert.Empty(forged.Output);
            Assert.Equal(new[] { "AkoolWebhookSignatureInvalid" }, forged.ErrorIds);
            Assert.Equal(ErrorCategory.SecurityError, forged.Errors[0].CategoryInfo.Category);

            foreach (ScriptResult result in new[] { submit, convert, save, forged })
            {
                Assert.DoesNotContain(secret, result.AllText(), StringComparison.Ordinal);
            }
        }

        [Fact]
        public async Task TheAzureFunctionExampleSavesEachCompletedVideoOnceAndRejectsForgeriesAlike()
        {
            using HookReceiver receiver = HookReceiver.Start(_ => 200);
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            EmulatorOptions options = context.Emulator.Options;
            string videoFolder = Path.Combine(context.Folder, "function-videos");

            // A submitter somewhere: its own connection, the webhookUrl column, and no waiting.
            ScriptResult submit = context.Run("Connect-Akool -BaseUri $baseUri -ApiKey $apiKey\n" + RowsWithWebhook(2, 2) + "$rows | New-AkoolTalkingPhoto",
                new() { ["hook"] = receiver.Url });
            Assert.Empty(submit.Errors);
            string[] ids = submit.OutputOf<AkoolVideo>().Select(v => v.Id).ToArray();
            string failedId = context.Emulator.Jobs.Single(j => ModuleTestContext.RowOf(j) == 2).Id;
            string completedId = ids.Single(id => id != failedId);
            WaitForFinalCallbacks(context.Emulator, ids);
            string[] bodies = receiver.Bodies.ToArray();
            Assert.Equal(4, bodies.Length);

            string[] settings = { "AKOOL_API_KEY", "AKOOL_API_HOST", "AKOOL_CLIENT_ID", "AKOOL_CLIENT_SECRET", "AKOOL_VIDEO_FOLDER" };
            Dictionary<string, string?> saved = settings.ToDictionary(n => n, Environment.GetEnvironmentVariable);
            Environment.SetEnvironmentVariable("AKOOL_API_KEY", null);
            Environment.SetEnvironmentVariable("AKOOL_API_HOST", context.Emulator.BaseUri.ToString());
            Environment.SetEnvironmentVariable("AKOOL_CLIENT_ID", options.ClientId);
            Environment.SetEnvironmentVariable("AKOOL_CLIENT_SECRET", options.ClientSecret);
            Environment.SetEnvironmentVariable("AKOOL_VIDEO_FOLDER", videoFolder);
            try
            {
                ScriptResult setup = context.Run(FunctionsHostStandIns + "& $profileScript", new() { ["responseType"] = typeof(FunctionResponse), ["profileScript"] = FunctionProfile });
                Assert.Empty(setup.Errors);
                Assert.Empty(LogOf(context));

                // The first delivery of the Completed callback meets a save that fails (a file where the video
                // folder should be): 500, and the event is not marked handled, so Akool's retry is not swallowed.
                string completedBody = bodies.Single(b => StatusOf(context.Emulator, b) == 3);
                File.WriteAllText(videoFolder, "in the way");
                Assert.Equal(HttpStatusCode.InternalServerError, InvokeFunction(context, FunctionsBody(completedBody)).StatusCode);
                Assert.Contains(LogOf(context), l => l.StartsWith("WARNING: Saving Akool video " + completedId, StringComparison.Ordinal));
                File.Delete(videoFolder);
                context.Run("$global:functionLog.Clear()");

                // Every genuine callback, in the order it came (the Completed one is Akool's retry): 200 each time.
                foreach (string body in bodies)
                {
                    Assert.Equal(HttpStatusCode.OK, InvokeFunction(context, FunctionsBody(body)).StatusCode);
                }
                // Akool sends the Completed callback again, now handled: still 200, and nothing is downloaded again.
                Assert.Equal(HttpStatusCode.OK, InvokeFunction(context, FunctionsBody(completedBody)).StatusCode);

                string[] files = Directory.GetFiles(videoFolder).Select(Path.GetFileName).ToArray()!;
                Assert.Equal(new[] { completedId + ".mp4" }, files);
                Assert.Equal(context.Emulator.VideoBytes(completedId), File.ReadAllBytes(Path.Combine(videoFolder, completedId + ".mp4")));
                Assert.Equal(1, context.Emulator.Requests.Count(r => r.Method == "GET" && r.Path == "/videos/" + completedId + ".mp4"));
                Assert.DoesNotContain(LogOf(context), l => l.StartsWith("WARNING", StringComparison.Ordinal));

                // Forgeries: an altered body; a body signed correctly (the signature needs only the client id) but
                // encrypted with another key; a stale replay; not a callback at all. One answer for all of them.
                string plaintext = "{\"_id\":\"" + failedId + "\",\"status\":3,\"type\":\"talking photo\",\"url\":\"https://attacker.example/v.mp4\",\"deduction_credit\":0}";
                object[] forgeries =
                {
                    FunctionsBody(Tamper(completedBody)),
                    FunctionsBody(WebhookVectors.MakeBody(options.ClientId, "Someone-Elses-Secret-0123456789a", plaintext, DateTimeOffset.UtcNow)),
                    FunctionsBody(WebhookVectors.MakeBody(options.ClientId, options.ClientSecret, plaintext, DateTimeOffset.UtcNow.AddHours(-1))),
                    "{\"hello\":\"world\"}",
                };
                var answers = forgeries.Select(f => InvokeFunction(context, f)).ToList();
                Assert.All(answers, a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
                Assert.All(answers, a => Assert.Equal(string.Empty, a.Body));
                Assert.Equal(new[] { completedId + ".mp4" }, Directory.GetFiles(videoFolder).Select(Path.GetFileName));
                List<string> warnings = LogOf(context).Where(l => l.StartsWith("WARNING", StringComparison.Ordinal)).ToList();
                Assert.Equal(4, warnings.Count);
                Assert.Contains(warnings, w => w.Contains("AkoolWebhookDecryptionFailed", StringComparison.Ordinal));
                Assert.DoesNotContain(options.ClientSecret, string.Join("\n", LogOf(context)), StringComparison.Ordinal);
            }
            finally
            {
                foreach (var pair in saved) Environment.SetEnvironmentVariable(pair.Key, pair.Value);
                context.Run("[psobject].Assembly.GetType('System.Management.Automation.TypeAccelerators')::Remove('HttpResponseContext')\n" +
                    "Remove-Item function:Push-OutputBinding, function:Write-Warning, function:Write-Information -ErrorAction SilentlyContinue");
            }
        }

        /// <summary>
        /// What the Functions host gives a PowerShell function that the hosted engine lacks: the HttpResponseContext
        /// type, Push-OutputBinding, and (being only the core engine here) Write-Warning and Write-Information, all
        /// recording into $global:functionLog.
        /// </summary>
        private const string FunctionsHostStandIns =
            "[psobject].Assembly.GetType('System.Management.Automation.TypeAccelerators')::Add('HttpResponseContext', $responseType)\n" +
            "$global:functionLog = [System.Collections.Generic.List[string]]::new()\n" +
            "function global:Push-OutputBinding { param([string] $Name, $Value) if ($Name -ne 'Response') { throw \"unexpected binding $Name\" }; $global:functionResponse = $Value }\n" +
            "function global:Write-Warning { param([string] $Message) $global:functionLog.Add('WARNING: ' + $Message) }\n" +
            "function global:Write-Information { param($MessageData) $global:functionLog.Add('INFO: ' + $MessageData) }\n";

        private static FunctionResponse InvokeFunction(ModuleTestContext context, object body)
        {
            ScriptResult result = context.Run("$global:functionResponse = $null\n& $functionScript -Request @{ Method = 'POST'; Body = $body } -TriggerMetadata @{}\n$global:functionResponse",
                new() { ["functionScript"] = FunctionScript, ["body"] = body });
            Assert.Null(result.TerminatingError);
            Assert.Empty(result.Errors);
            Assert.DoesNotContain(context.Emulator.Options.ClientSecret, result.AllText(), StringComparison.Ordinal);
            return Assert.Single(result.OutputOf<FunctionResponse>());
        }

        private static List<string> LogOf(ModuleTestContext context) =>
            context.Run("$global:functionLog").Output.Select(o => o.ToString()).ToList();

        /// <summary>The body as the Functions host hands a JSON request to PowerShell: a hashtable.</summary>
        private static Hashtable FunctionsBody(string json)
        {
            using JsonDocument document = JsonDocument.Parse(json);
            var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                table[property.Name] = property.Value.ValueKind == JsonValueKind.Number ? property.Value.GetInt64() : property.Value.GetString();
            }
            return table;
        }

        private static void WaitForFinalCallbacks(AkoolEmulator emulator, IReadOnlyCollection<string> ids) =>
            Eventually.True(
                () => ids.All(id => emulator.WebhookDeliveries.Any(d => d.JobId == id && d.Status >= 3 && d.Delivered)),
                CallbackDeadline, "the final callback of every video to be delivered");

        /// <summary>Flips one character in the middle of the ciphertext, keeping it valid base64 of the same length.</summary>
        private static string Tamper(string body)
        {
            using JsonDocument document = JsonDocument.Parse(body);
            JsonElement root = document.RootElement;
            string data = root.GetProperty("dataEncrypt").GetString()!;
            int at = data.Length / 2;
            string altered = data.Substring(0, at) + (data[at] == 'A' ? 'B' : 'A') + data.Substring(at + 1);
            return WebhookVectors.Body(root.GetProperty("signature").GetString()!, altered,
                root.GetProperty("timestamp").GetRawText(), root.GetProperty("nonce").GetString()!);
        }

        /// <summary>Test-side decryption by the README's rules, to pick callbacks by status.</summary>
        private static int StatusOf(AkoolEmulator emulator, string body)
        {
            using JsonDocument document = JsonDocument.Parse(body);
            byte[] iv = new byte[16];
            byte[] id = Encoding.UTF8.GetBytes(emulator.Options.ClientId);
            Array.Copy(id, iv, Math.Min(16, id.Length));
            using var aes = System.Security.Cryptography.Aes.Create();
            aes.Key = Encoding.UTF8.GetBytes(emulator.Options.ClientSecret);
            byte[] plain = aes.DecryptCbc(Convert.FromBase64String(document.RootElement.GetProperty("dataEncrypt").GetString()!), iv);
            using JsonDocument payload = JsonDocument.Parse(plain);
            return payload.RootElement.GetProperty("status").GetInt32();
        }

        /// <summary>Stands in for the Functions host's HttpResponseContext.</summary>
        public sealed class FunctionResponse
        {
            public HttpStatusCode StatusCode { get; set; }

            public object? Body { get; set; }

            public IDictionary? Headers { get; set; }
        }

        /// <summary>
        /// A webhook URL on 127.0.0.1 (HttpListener) that keeps the raw body of every POST, answering each with the
        /// status <c>answer</c> gives for its 1-based arrival number. Bodies are kept before the answer is sent, so a
        /// callback the emulator records as delivered is already here.
        /// </summary>
        private sealed class HookReceiver : IDisposable
        {
            private readonly HttpListener _listener;
            private readonly Func<int, int> _answer;
            private readonly Task _loop;
            private int _hits;

            private HookReceiver(HttpListener listener, string url, Func<int, int> answer)
            {
                _listener = listener;
                _answer = answer;
                Url = url;
                _loop = Task.Run(LoopAsync);
            }

            public string Url { get; }

            public ConcurrentQueue<string> Bodies { get; } = new ConcurrentQueue<string>();

            public static HookReceiver Start(Func<int, int> answer)
            {
                // Another process may take the free port between the probe and the listen: try a few.
                for (int attempt = 1; ; attempt++)
                {
                    string url = $"http://127.0.0.1:{FreePort()}/hook/";
                    var listener = new HttpListener();
                    listener.Prefixes.Add(url);
                    try
                    {
                        listener.Start();
                        return new HookReceiver(listener, url, answer);
                    }
                    catch (HttpListenerException) when (attempt < 5)
                    {
                        listener.Close();
                    }
                }
            }

            private static int FreePort()
            {
                var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                int port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                return port;
            }

            private async Task LoopAsync()
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync().ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is HttpListenerException || ex is ObjectDisposedException || ex is InvalidOperationException)
                    {
                        return; // Stopped.
                    }

                    using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
                    {
                        Bodies.Enqueue(await reader.ReadToEndAsync().ConfigureAwait(false));
                    }
                    context.Response.StatusCode = _answer(Interlocked.Increment(ref _hits));
                    context.Response.Close();
                }
            }

            public void Dispose()
            {
                _listener.Stop();
                _listener.Close();
                _loop.Wait(TimeSpan.FromSeconds(5));
            }
        }
    }
}
