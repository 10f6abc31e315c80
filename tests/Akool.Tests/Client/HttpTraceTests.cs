using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Emulator;
using Akool.Tests.Harness;
using Akool.Tests.Proxy;
using Xunit;

namespace Akool.Tests.Client
{
    /// <summary>-Debug traces every request the module makes, one line each, and never a credential.</summary>
    public sealed class HttpTraceTests
    {
        private const string ProxyPassword = "proxy-pass-5d1e8b";

        // "HTTP GET 127.0.0.1:5000/api/open/v3/faceswap/quota/info: 200 in 12 ms"
        private static readonly Regex Line = new Regex(@"^HTTP (?<method>[A-Z]+) (?<host>[^/]+)(?<path>/[^?:]*)(\?[^:]*)?: (?<outcome>\S+) in \d+ ms( request id \S+)?$");

        [Fact]
        public async Task ACreateWaitAndSaveRunTracesEachRequestOnceWithItsStatusAndNoSecret()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            await using var proxy = new LoopbackProxy("proxy-user", ProxyPassword);

            ScriptResult result = context.Run(
                "$DebugPreference = 'Continue'\n" +
                "$pw = [System.Security.SecureString]::new(); foreach ($c in '" + ProxyPassword + "'.ToCharArray()) { $pw.AppendChar($c) }\n" +
                "Connect-Akool -BaseUri $baseUri -ClientId $clientId -ClientSecret $clientSecret -Proxy $proxy -ProxyCredential ([pscredential]::new('proxy-user', $pw))\n" +
                ModuleTestContext.Rows(2) +
                "$rows | New-AkoolTalkingPhoto | Wait-AkoolVideo -PollInterval 0.2 | Save-AkoolVideo -Destination ./videos | Out-Null",
                new() { ["proxy"] = proxy.Address });

            Assert.True(result.Errors.Count == 0, string.Join("; ", result.Errors));
            Assert.Equal(2, context.Videos().Length);
            List<Match> traced = result.Debug.Where(l => l.StartsWith("HTTP ", StringComparison.Ordinal)).Select(l => Line.Match(l)).ToList();
            Assert.All(traced, m => Assert.True(m.Success, m.Value));
            // One line per request the emulator answered (a proxy's 407 challenge is inside one request), each with its status.
            Eventually.True(() => context.Emulator.Requests.Count == traced.Count, TimeSpan.FromSeconds(5), $"{traced.Count} lines for the requests the emulator answered");
            string host = context.Emulator.BaseUri.Authority;
            Assert.All(traced, m => Assert.Equal(host, m.Groups["host"].Value));
            Assert.Equal(
                context.Emulator.Requests.Select(r => $"{r.Method} {r.Path.Split('?')[0]} {r.StatusCode}").OrderBy(s => s, StringComparer.Ordinal),
                traced.Select(m => $"{m.Groups["method"].Value} {m.Groups["path"].Value} {m.Groups["outcome"].Value}").OrderBy(s => s, StringComparer.Ordinal));
            Assert.Contains(traced, m => m.Groups["path"].Value.EndsWith("/getToken", StringComparison.Ordinal));
            Assert.Contains(traced, m => m.Groups["path"].Value.EndsWith(".mp4", StringComparison.Ordinal));

            // The client secret (which is also the API key), the bearer token and the proxy's password are nowhere.
            string[] tokens = proxy.Requests.Select(r => Regex.Match(r.Head, @"Bearer (\S+)").Groups[1].Value).Where(t => t.Length > 0).Distinct().ToArray();
            Assert.NotEmpty(tokens);
            string text = result.AllText();
            foreach (string secret in tokens.Append(context.Emulator.Options.ClientSecret).Append(context.Emulator.Options.ApiKey).Append(ProxyPassword))
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }

        [Fact]
        public async Task AFailedRequestIsTracedWithItsStatusOrTheNameOfItsFailure()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect("-MaximumRetryCount 1 -RetryInterval 0.01");
            context.Emulator.Faults.Http503 = FaultRule.Always(EmulatorEndpoints.Credit);
            ScriptResult unavailable = context.Run("Get-AkoolCredit -Debug");
            context.Emulator.Faults.Http503 = FaultRule.Off;
            context.Emulator.Faults.DropConnection = FaultRule.Always(EmulatorEndpoints.Credit);
            ScriptResult dropped = context.Run("Get-AkoolCredit -Debug");

            Assert.Equal(new[] { "AkoolServerUnavailable" }, unavailable.ErrorIds);
            Assert.Equal(2, unavailable.Debug.Count(l => l.StartsWith("HTTP GET ", StringComparison.Ordinal) && l.Contains("/quota/info: 503 in ", StringComparison.Ordinal)));
            Assert.Single(dropped.Errors);
            List<Match> lines = dropped.Debug.Select(l => Line.Match(l)).Where(m => m.Success).ToList();
            Assert.Equal(2, lines.Count);
            // No status came: the failure's name stands in its place.
            Assert.All(lines, m => Assert.Matches("^[A-Za-z]+$", m.Groups["outcome"].Value));
        }

        [Fact]
        public async Task TheLineShowsARequestIdWhenTheAnswerHasOneAndNoQueryValueThatMayBeASecret()
        {
            var handler = new ScriptedHandler(
                _ =>
                {
                    HttpResponseMessage answer = ScriptedClient.Json("{\"code\":1000,\"data\":{\"_id\":\"v1\",\"video_status\":2}}");
                    answer.Headers.Add("x-request-id", "req-42");
                    return answer;
                },
                _ => new HttpResponseMessage(HttpStatusCode.PartialContent),
                _ => throw new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)));
            using AkoolClient client = ScriptedClient.For(handler, retries: 0);
            var lines = new List<string>();
            HttpTrace.Sink.Value = lines.Add;

            await client.GetVideoAsync("v1", null, CancellationToken.None);
            await client.IsServedAsync(new Uri("https://cdn.example.com/s/v1.mp3?sv=2024&sig=S1GnATuRe%2B&se=2030"), CancellationToken.None);
            await Assert.ThrowsAsync<AkoolApiException>(() => client.GetCreditAsync(null, CancellationToken.None));

            Assert.Equal(3, lines.Count);
            Assert.Matches(@"^HTTP GET api\.example\.com/api/open/v3/content/video/infobymodelid\?video_model_id=v1: 200 in \d+ ms request id req-42$", lines[0]);
            Assert.Matches(@"^HTTP GET cdn\.example\.com/s/v1\.mp3\?sv=\*\*\*&sig=\*\*\*&se=\*\*\*: 206 in \d+ ms$", lines[1]);
            Assert.Matches(@"^HTTP GET api\.example\.com/api/open/v3/faceswap/quota/info: Refused in \d+ ms$", lines[2]);
            Assert.DoesNotContain(lines, l => l.Contains("key-0123456789abcdef", StringComparison.Ordinal));
        }
    }
}
