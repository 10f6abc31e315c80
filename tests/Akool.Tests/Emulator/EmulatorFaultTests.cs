using System;
using System.Diagnostics;
using System.IO;
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
    /// <summary>Each fault switch, alone, scoped to the endpoints its rule names.</summary>
    public sealed class EmulatorFaultTests
    {
        private static async Task<HttpResponseMessage> SendCreateAsync(HttpClient http, AkoolEmulator emulator)
        {
            using HttpRequestMessage request = Request(HttpMethod.Post, CreatePath, CreateBody(), apiKey: emulator.Options.ApiKey);
            return await http.SendAsync(request);
        }

        [Fact]
        public async Task LatencyDelaysApiAnswersButNotDownloadBytes()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            using HttpClient http = HttpFor(emulator);
            string id = await CreateIdAsync(http, emulator);
            emulator.Clock.Advance(TimeSpan.FromMinutes(1));
            emulator.Faults.Latency = TimeSpan.FromMilliseconds(400);

            var watch = Stopwatch.StartNew();
            Assert.Equal(1000, Code(await StatusAsync(http, emulator, id)));
            Assert.True(watch.ElapsedMilliseconds >= 380, "status answered after " + watch.ElapsedMilliseconds + " ms");

            watch.Restart();
            await http.GetByteArrayAsync("/videos/" + id + ".mp4");
            Assert.True(watch.ElapsedMilliseconds < 380, "download answered after " + watch.ElapsedMilliseconds + " ms");
        }

        [Fact]
        public async Task ASpikeBeyondTheClientTimeoutLeavesTheCreateUnprocessed()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            emulator.Faults.LatencySpike = FaultRule.Always(EmulatorEndpoints.Create);
            emulator.Faults.LatencySpikeDuration = TimeSpan.FromSeconds(30);
            using var http = new HttpClient { BaseAddress = emulator.BaseUri, Timeout = TimeSpan.FromMilliseconds(300) };

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SendCreateAsync(http, emulator));
            await WaitUntilAsync(() => emulator.Requests.Any(r => r.Endpoint == EmulatorEndpoints.Create), "the abandoned create to be recorded");

            Assert.Equal(0, emulator.CreateCount);
            Assert.Equal("LatencySpike", emulator.Requests.Single().Fault);
            using HttpClient patient = HttpFor(emulator);
            Assert.Equal(1000, Code(await CallAsync(patient, HttpMethod.Get, CreditPath, apiKey: emulator.Options.ApiKey)));
        }

        [Fact]
        public async Task AShortSpikeThatTheClientWaitsOutIsProcessed()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            emulator.Faults.LatencySpike = FaultRule.Always(EmulatorEndpoints.Create);
            emulator.Faults.LatencySpikeDuration = TimeSpan.FromMilliseconds(300);
            using HttpClient http = HttpFor(emulator);
            var watch = Stopwatch.StartNew();
            await CreateIdAsync(http, emulator);
            Assert.True(watch.ElapsedMilliseconds >= 280);
            Assert.Equal(1, emulator.CreateCount);
        }

        [Fact]
        public async Task Http503IsNotProcessedAndRespectsItsScope()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            emulator.Faults.Http503 = FaultRule.Always(EmulatorEndpoints.Create);
            using HttpClient http = HttpFor(emulator);

            using HttpResponseMessage answer = await SendCreateAsync(http, emulator);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.Contains("503", await answer.Content.ReadAsStringAsync());
            Assert.Equal(0, emulator.CreateCount);
            Assert.Equal(1000, Code(await CallAsync(http, HttpMethod.Get, CreditPath, apiKey: emulator.Options.ApiKey)));
            Assert.Equal(100000m, emulator.Credit);
        }

        [Fact]
        public async Task Http429CarriesRetryAfterAndIsNotProcessed()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            emulator.Faults.Http429 = FaultRule.Always(EmulatorEndpoints.Api);
            emulator.Faults.RetryAfterSeconds = 3;
            using HttpClient http = HttpFor(emulator);

            using HttpResponseMessage answer = await SendCreateAsync(http, emulator);

            Assert.Equal(HttpStatusCode.TooManyRequests, answer.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(3), answer.Headers.RetryAfter!.Delta);
            Assert.Equal(0, emulator.CreateCount);

            emulator.Faults.Http429 = FaultRule.Off;
            await CreateIdAsync(http, emulator);
            Assert.Equal(1, emulator.CreateCount);
        }

        [Fact]
        public async Task Code1005IsHttp200AndNotProcessed()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            emulator.Faults.Code1005 = FaultRule.Always(EmulatorEndpoints.Create);
            using HttpClient http = HttpFor(emulator);

            JsonElement answer = await CreateAsync(http, emulator);

            Assert.Equal(1005, Code(answer));
            Assert.Equal(0, emulator.CreateCount);
            Assert.Equal(1005, emulator.Requests.Single().Code);
        }

        [Fact]
        public async Task ADroppedConnectionStillMadeAndBilledTheJob()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            emulator.Faults.DropConnection = FaultRule.Always(EmulatorEndpoints.Create);
            using HttpClient http = HttpFor(emulator);

            await Assert.ThrowsAsync<HttpRequestException>(() => SendCreateAsync(http, emulator));

            Assert.Equal(1, emulator.CreateCount);
            Assert.Equal(100000m - 10m, emulator.Credit);
            Assert.Equal("DropConnection", emulator.Requests.Single().Fault);
            Assert.Equal(1000, Code(await StatusAsync(http, emulator, emulator.Jobs[0].Id)));
        }

        [Fact]
        public async Task ACutDownloadPromisesTheFullLengthButEndsEarly()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync(new EmulatorOptions { VideoSize = 2_000_000 });
            using HttpClient http = HttpFor(emulator);
            string id = await CreateIdAsync(http, emulator);
            emulator.Clock.Advance(TimeSpan.FromMinutes(1));
            emulator.Faults.CutDownload = FaultRule.Always(EmulatorEndpoints.Download);

            using HttpResponseMessage answer = await http.GetAsync("/videos/" + id + ".mp4", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(2_000_000, answer.Content.Headers.ContentLength);
            using Stream body = await answer.Content.ReadAsStreamAsync();
            long received = 0;
            byte[] buffer = new byte[81920];
            Exception? failure = null;
            try
            {
                int n;
                while ((n = await body.ReadAsync(buffer)) > 0)
                {
                    received += n;
                }
            }
            catch (Exception e) when (e is IOException || e is HttpRequestException)
            {
                failure = e;
            }

            Assert.NotNull(failure);
            Assert.InRange(received, 1, 1_999_999);
            Assert.Equal(1000, Code(await StatusAsync(http, emulator, id)));
        }

        [Fact]
        public async Task AnHtmlBadGatewayIsNotProcessed()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            emulator.Faults.HtmlAnswer = FaultRule.Always(EmulatorEndpoints.Create | EmulatorEndpoints.Status);
            using HttpClient http = HttpFor(emulator);

            using HttpResponseMessage answer = await SendCreateAsync(http, emulator);

            Assert.Equal(HttpStatusCode.BadGateway, answer.StatusCode);
            Assert.Equal("text/html", answer.Content.Headers.ContentType!.MediaType);
            Assert.StartsWith("<html>", await answer.Content.ReadAsStringAsync());
            Assert.Equal(0, emulator.CreateCount);
            Assert.Equal(1000, Code(await CallAsync(http, HttpMethod.Get, CreditPath, apiKey: emulator.Options.ApiKey)));
        }

        [Fact]
        public async Task AMissingCodeIsNotProcessed()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            emulator.Faults.MissingCode = FaultRule.Always();
            using HttpClient http = HttpFor(emulator);

            JsonElement answer = await CreateAsync(http, emulator);

            Assert.False(answer.TryGetProperty("code", out _));
            Assert.Equal(0, emulator.CreateCount);
        }

        [Fact]
        public async Task AHugeAnswerIsValidJsonOfAbout20MegabytesAndNotProcessed()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            emulator.Faults.HugeAnswer = FaultRule.Always(EmulatorEndpoints.Create);
            using HttpClient http = HttpFor(emulator);

            using HttpResponseMessage answer = await SendCreateAsync(http, emulator);
            byte[] body = await answer.Content.ReadAsByteArrayAsync();

            Assert.InRange(body.Length, 20_000_000, 22_000_000);
            using JsonDocument document = JsonDocument.Parse(body);
            Assert.NotEqual(1000, document.RootElement.GetProperty("code").GetInt32());
            Assert.Equal(0, emulator.CreateCount);
        }

        [Fact]
        public async Task ASeededHalfRateStrikesTheSameRequestsEachRun()
        {
            async Task<string> RunAsync()
            {
                await using AkoolEmulator emulator = await AkoolEmulator.StartAsync(new EmulatorOptions { Seed = 42 });
                emulator.Faults.Http503 = new FaultRule(0.5, EmulatorEndpoints.Credit);
                using HttpClient http = HttpFor(emulator);
                var pattern = new char[40];
                for (int i = 0; i < pattern.Length; i++)
                {
                    using HttpRequestMessage request = Request(HttpMethod.Get, CreditPath, apiKey: emulator.Options.ApiKey);
                    using HttpResponseMessage answer = await http.SendAsync(request);
                    pattern[i] = answer.StatusCode == HttpStatusCode.OK ? '.' : 'X';
                }

                return new string(pattern);
            }

            string first = await RunAsync();
            string second = await RunAsync();
            Assert.Equal(first, second);
            Assert.Contains('X', first);
            Assert.Contains('.', first);
        }

        [Fact]
        public async Task FaultsOutOfScopeLeaveOtherEndpointsAlone()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            emulator.Faults.Http503 = FaultRule.Always(EmulatorEndpoints.Download);
            emulator.Faults.DropConnection = FaultRule.Always(EmulatorEndpoints.Token);
            using HttpClient http = HttpFor(emulator);

            string id = await CreateIdAsync(http, emulator);
            emulator.Clock.Advance(TimeSpan.FromMinutes(1));

            Assert.Equal(1000, Code(await StatusAsync(http, emulator, id)));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/videos/" + id + ".mp4")).StatusCode);
            await Assert.ThrowsAsync<HttpRequestException>(() => TokenAsync(http, emulator));
        }
    }
}
