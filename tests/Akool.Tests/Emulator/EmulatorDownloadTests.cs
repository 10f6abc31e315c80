using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using Akool.Emulator;
using Xunit;
using static Akool.Tests.Emulator.EmulatorTestKit;

namespace Akool.Tests.Emulator
{
    /// <summary>The video URLs behave like a CDN: no auth, HEAD, byte ranges, and a valid MP4 at any size.</summary>
    public sealed class EmulatorDownloadTests
    {
        private static async Task<(AkoolEmulator Emulator, HttpClient Http, string Id)> CompletedJobAsync(long videoSize = 0)
        {
            AkoolEmulator emulator = await AkoolEmulator.StartAsync(new EmulatorOptions { VideoSize = videoSize });
            HttpClient http = HttpFor(emulator);
            string id = await CreateIdAsync(http, emulator);
            emulator.Clock.Advance(TimeSpan.FromMinutes(1));
            return (emulator, http, id);
        }

        [Fact]
        public async Task TheNaturalVideoIsAValidMp4NamingItsJob()
        {
            (AkoolEmulator emulator, HttpClient http, string id) = await CompletedJobAsync();
            await using (emulator)
            using (http)
            {
                byte[] bytes = await http.GetByteArrayAsync("/videos/" + id + ".mp4");
                List<string> boxes = TopLevelBoxes(bytes);
                Assert.Equal("ftyp", boxes[0]);
                Assert.Contains("moov", boxes);
                Assert.Contains("mdat", boxes);
                Assert.Equal("free", boxes[^1]);
                Assert.InRange(bytes.Length, 3000, 10000);
                Assert.Contains(id, Encoding.ASCII.GetString(bytes));
            }
        }

        [Fact]
        public async Task APaddedVideoKeepsAValidBoxStructureAndDiffersPerJob()
        {
            (AkoolEmulator emulator, HttpClient http, string id) = await CompletedJobAsync(videoSize: 300_000);
            await using (emulator)
            using (http)
            {
                string other = await CreateIdAsync(http, emulator);
                emulator.Clock.Advance(TimeSpan.FromMinutes(1));
                byte[] bytes = await http.GetByteArrayAsync("/videos/" + id + ".mp4");
                byte[] otherBytes = await http.GetByteArrayAsync("/videos/" + other + ".mp4");

                Assert.Equal(300_000, bytes.Length);
                Assert.Equal(emulator.VideoBytes(id), bytes);
                // The clip itself carries a small free box before mdat (ffmpeg's); ours is the last one.
                Assert.Equal(new[] { "ftyp", "moov", "free", "mdat", "free" }, TopLevelBoxes(bytes));
                Assert.Equal(300_000, otherBytes.Length);
                Assert.NotEqual(bytes, otherBytes);
            }
        }

        [Fact]
        public async Task AOneGibibyteVideoIsServedWithoutBeingHeld()
        {
            const long Size = 1L << 30;
            (AkoolEmulator emulator, HttpClient http, string id) = await CompletedJobAsync(videoSize: Size);
            await using (emulator)
            using (http)
            {
                Assert.Equal(Size, emulator.VideoLength(id));
                using var head = new HttpRequestMessage(HttpMethod.Head, "/videos/" + id + ".mp4");
                using HttpResponseMessage headAnswer = await http.SendAsync(head);
                Assert.Equal(Size, headAnswer.Content.Headers.ContentLength);

                // The free box header right after the clip must span exactly to the end of the file.
                byte[] start = await RangeAsync(http, id, 0, 8191);
                List<string> clipBoxes = new List<string>();
                long offset = 0;
                while (true)
                {
                    long size = BinaryPrimitives.ReadUInt32BigEndian(start.AsSpan((int)offset));
                    string type = Encoding.ASCII.GetString(start, (int)offset + 4, 4);
                    clipBoxes.Add(type);
                    Assert.InRange(size, 8, Size - offset);
                    offset += size;
                    if (offset == Size)
                    {
                        break;
                    }
                }

                Assert.Equal(new[] { "ftyp", "moov", "free", "mdat", "free" }, clipBoxes);
                byte[] end = await RangeAsync(http, id, Size - 200, Size - 1);
                Assert.Equal(200, end.Length);
                Assert.Contains(id, Encoding.ASCII.GetString(end));
            }
        }

        [Fact]
        public async Task RangeRequestsAnswer206WithTheRightSlice()
        {
            (AkoolEmulator emulator, HttpClient http, string id) = await CompletedJobAsync(videoSize: 100_000);
            await using (emulator)
            using (http)
            {
                byte[] all = emulator.VideoBytes(id);
                using var request = new HttpRequestMessage(HttpMethod.Get, "/videos/" + id + ".mp4");
                request.Headers.Range = new RangeHeaderValue(1000, 1999);
                using HttpResponseMessage answer = await http.SendAsync(request);

                Assert.Equal(HttpStatusCode.PartialContent, answer.StatusCode);
                Assert.Equal(1000, answer.Content.Headers.ContentRange!.From);
                Assert.Equal(1999, answer.Content.Headers.ContentRange.To);
                Assert.Equal(100_000, answer.Content.Headers.ContentRange.Length);
                Assert.Equal(all.AsSpan(1000, 1000).ToArray(), await answer.Content.ReadAsByteArrayAsync());

                Assert.Equal(all.AsSpan(99_000).ToArray(), await RangeAsync(http, id, 99_000, null));

                using var suffix = new HttpRequestMessage(HttpMethod.Get, "/videos/" + id + ".mp4");
                suffix.Headers.Range = new RangeHeaderValue(null, 10);
                using HttpResponseMessage suffixAnswer = await http.SendAsync(suffix);
                Assert.Equal(all.AsSpan(all.Length - 10).ToArray(), await suffixAnswer.Content.ReadAsByteArrayAsync());

                using var beyond = new HttpRequestMessage(HttpMethod.Get, "/videos/" + id + ".mp4");
                beyond.Headers.Range = new RangeHeaderValue(200_000, null);
                using HttpResponseMessage beyondAnswer = await http.SendAsync(beyond);
                Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, beyondAnswer.StatusCode);
            }
        }

        [Fact]
        public async Task UnknownVideosAnswer404AndNeedNoAuth()
        {
            (AkoolEmulator emulator, HttpClient http, string id) = await CompletedJobAsync();
            await using (emulator)
            using (http)
            {
                Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/videos/0123456789abcdef01234567.mp4")).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/videos/" + id + ".mp4")).StatusCode);
                Assert.Equal("None", emulator.Requests[^1].AuthKind);
                Assert.Equal(EmulatorEndpoints.Download, emulator.Requests[^1].Endpoint);
            }
        }

        private static async Task<byte[]> RangeAsync(HttpClient http, string id, long from, long? to)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/videos/" + id + ".mp4");
            request.Headers.Range = new RangeHeaderValue(from, to);
            using HttpResponseMessage answer = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.PartialContent, answer.StatusCode);
            return await answer.Content.ReadAsByteArrayAsync();
        }
    }
}
