using System;
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
    /// The test-only read-out GET /_emulator/stats: what a benchmark running the emulator as another process needs
    /// (jobs and their create times, status requests and the busiest second), and nothing secret.
    /// </summary>
    public sealed class EmulatorStatsTests
    {
        [Fact]
        public async Task TheReadOutCountsJobsStatusRequestsAndTheirBusiestSecond()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync(new EmulatorOptions());
            using HttpClient http = HttpFor(emulator);

            JsonElement empty = await StatsAsync(http);
            Assert.Equal(0, empty.GetProperty("jobs").GetInt32());
            Assert.Equal(JsonValueKind.Null, empty.GetProperty("firstCreate").ValueKind);

            string first = (await CreateAsync(http, emulator)).GetProperty("data").GetProperty("_id").GetString()!;
            string second = (await CreateAsync(http, emulator)).GetProperty("data").GetProperty("_id").GetString()!;
            for (int i = 0; i < 3; i++) await StatusAsync(http, emulator, first);
            await StatusAsync(http, emulator, second);

            JsonElement stats = await StatsAsync(http);
            Assert.Equal(2, stats.GetProperty("jobs").GetInt32());
            Assert.Equal(emulator.Jobs[0].CreatedAt, stats.GetProperty("firstCreate").GetDateTimeOffset());
            Assert.Equal(emulator.Jobs[1].CreatedAt, stats.GetProperty("lastCreate").GetDateTimeOffset());
            Assert.Equal(4, stats.GetProperty("statusRequests").GetInt32());
            Assert.InRange(stats.GetProperty("busiestStatusSecond").GetInt32(), 1, 4);
            Assert.True(stats.GetProperty("peakWorkingSet").GetInt64() > 0);
            string text = stats.GetRawText();
            Assert.DoesNotContain(emulator.Options.ApiKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(emulator.Options.ClientSecret, text, StringComparison.Ordinal);
        }

        [Fact]
        public void TheBusiestSecondIsTheMostTimesInAnyOneSecondWindow()
        {
            var t0 = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
            DateTimeOffset[] times =
            {
                t0, t0.AddMilliseconds(100), t0.AddMilliseconds(1100),
                t0.AddMilliseconds(1200), t0.AddMilliseconds(1300), t0.AddMilliseconds(1999), t0.AddMilliseconds(2200),
            };

            Assert.Equal(4, EmulatorStats.BusiestSecond(times));
            Assert.Equal(0, EmulatorStats.BusiestSecond(Array.Empty<DateTimeOffset>()));
        }

        private static async Task<JsonElement> StatsAsync(HttpClient http)
        {
            using HttpResponseMessage response = await http.GetAsync("/_emulator/stats");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return document.RootElement.Clone();
        }
    }
}
