using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Akool.Input;
using Akool.Tests.Client;
using Xunit;

namespace Akool.Tests.Input
{
    /// <summary>The input check alone, over a scripted server: what the emulator's samples do not show.</summary>
    public sealed class InputCheckTests
    {
        private static readonly byte[] Jpeg = { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F' };

        private static HttpResponseMessage Head(long total, HttpStatusCode status = HttpStatusCode.PartialContent)
        {
            var answer = new HttpResponseMessage(status) { Content = new ByteArrayContent(Jpeg) };
            answer.Content.Headers.ContentRange = new ContentRangeHeaderValue(0, Jpeg.Length - 1, total);
            return answer;
        }

        private static (InputCheck Check, List<string> Warnings, List<string> Log) Check(ScriptedHandler handler, List<string>? trace = null, int recentUrls = InputCheck.RecentUrls)
        {
            var warnings = new List<string>();
            var log = new List<string>();
            return (new InputCheck(ScriptedClient.For(handler), 4, warnings.Add, log.Add, trace == null ? null : trace.Add, CancellationToken.None, recentUrls), warnings, log);
        }

        [Fact]
        public async Task APhotoOverTheLimitIsTooLargeByTheTotalOfItsRange()
        {
            var (check, _, _) = Check(new ScriptedHandler(_ => Head(MediaSniffer.MaxImageBytes + 1)));

            ErrorRecord? error = await check.CheckAsync("Row 1", "row", "https://cdn.example.com/big.jpg", null);

            Assert.Equal("AkoolInputTooLarge", error?.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error!.CategoryInfo.Category);
        }

        [Fact]
        public async Task APrivateAddressIsAWarningAndTheFetchCarriesNoCredential()
        {
            var handler = new ScriptedHandler(_ => Head(Jpeg.Length));
            var (check, warnings, _) = Check(handler);

            Assert.Null(await check.CheckAsync("Row 1", "row", "http://10.1.2.3/face.jpg", null));

            Assert.Single(warnings);
            HttpRequestMessage request = Assert.Single(handler.Requests);
            Assert.False(request.Headers.Contains("x-api-key"));
            Assert.Null(request.Headers.Authorization);
            Assert.Equal(0, request.Headers.Range!.Ranges.Single().From);
        }

        [Fact]
        public async Task AServerInTroubleIsAskedAgainAndEachRetryIsLogged()
        {
            var (check, _, log) = Check(new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), _ => Head(Jpeg.Length, HttpStatusCode.OK)));

            Assert.Null(await check.CheckAsync("Row 1", "row", "https://cdn.example.com/face.jpg", null));
            Assert.Single(log);
        }

        [Fact]
        public async Task EachFetchIsTracedWithoutItsQueryValues()
        {
            var trace = new List<string>();
            var (check, _, _) = Check(new ScriptedHandler(_ => Head(Jpeg.Length)), trace);

            Assert.Null(await check.CheckAsync("Row 1", "row", "https://cdn.example.com/face.jpg?sv=2022&sig=c2VjcmV0", null));

            Assert.Equal("HTTP GET cdn.example.com/face.jpg?sv=***&sig=***: 206 in", Regex.Replace(Assert.Single(trace), @" \d+ ms$", string.Empty));
        }

        [Fact]
        public async Task AUrlEveryRowSharesIsFetchedOnceWhileAnswersForUrlsOfLongAgoAreLetGo()
        {
            // Eight URLs kept instead of thousands. Addresses, not names, so no lookup leaves the machine.
            var handler = new ScriptedHandler(Enumerable.Repeat<Func<HttpRequestMessage, HttpResponseMessage>>(_ => Head(Jpeg.Length), 60).ToArray());
            var (check, _, _) = Check(handler, recentUrls: 8);
            const string shared = "https://203.0.113.5/face.jpg";
            static string Own(int row) => $"https://203.0.113.5/row{row}.jpg";

            for (int row = 1; row <= 50; row++)
            {
                Assert.Null(await check.CheckAsync($"Row {row}", "row", shared, null));
                Assert.Null(await check.CheckAsync($"Row {row}", "row", Own(row), null));
            }
            Assert.Null(await check.CheckAsync("Row 51", "row", Own(50), null));
            Assert.Equal(51, handler.Requests.Count);
            Assert.Null(await check.CheckAsync("Row 52", "row", Own(1), null));

            Assert.Equal(52, handler.Requests.Count);
            Assert.Single(handler.Requests, request => request.RequestUri == new Uri(shared));
            Assert.Equal(2, handler.Requests.Count(request => request.RequestUri == new Uri(Own(1))));
        }
    }
}
