using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Akool.Client;
using Xunit;

namespace Akool.Tests.Client
{
    /// <summary>
    /// -SkipExisting takes a file already there as saved only when its length is known to match the server's and its
    /// last bytes are the server's: never on the strength of its first bytes, whether the CDN refuses HEAD, states no
    /// length there, or ignores Range.
    /// </summary>
    public sealed class SkipExistingCheckTests : IDisposable
    {
        private static readonly byte[] Served = Mp4(100_000, 7);
        private static readonly Uri Url = new Uri("https://cdn.example.com/v.mp4");
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "akool-skip-" + Guid.NewGuid().ToString("N"));

        public SkipExistingCheckTests() => Directory.CreateDirectory(_folder);

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        private string Target => Path.Combine(_folder, "v.mp4");

        /// <summary>Bytes that start like an MP4 ("ftyp" at 4-7), the rest a pattern of <paramref name="seed"/>.</summary>
        private static byte[] Mp4(int length, int seed)
        {
            byte[] bytes = Enumerable.Range(0, length).Select(i => (byte)(i * seed)).ToArray();
            new byte[] { 0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p' }.CopyTo(bytes, 0);
            return bytes;
        }

        /// <summary>
        /// A CDN for <see cref="Served"/>: HEAD answers <paramref name="head"/> (with the length only when
        /// <paramref name="headLength"/>); a ranged GET gets 206 with the total, or the whole file when
        /// <paramref name="ranges"/> is false; <paramref name="lengths"/> false hides every length.
        /// </summary>
        private static ScriptedHandler Cdn(HttpStatusCode head, bool headLength = true, bool ranges = true, bool lengths = true) =>
            new ScriptedHandler(Enumerable.Repeat<Func<HttpRequestMessage, HttpResponseMessage>>(request =>
            {
                if (request.Method == HttpMethod.Head)
                {
                    return new HttpResponseMessage(head) { Content = head == HttpStatusCode.OK && headLength && lengths ? new ByteArrayContent(Served) : new UnknownLengthContent(Array.Empty<byte>()) };
                }
                RangeItemHeaderValue? range = request.Headers.Range?.Ranges.Single();
                if (range == null || !ranges)
                {
                    return new HttpResponseMessage(HttpStatusCode.OK) { Content = lengths ? new ByteArrayContent(Served) : new UnknownLengthContent(Served) };
                }
                long from = range.From!.Value;
                long to = Math.Min(range.To ?? Served.Length - 1, Served.Length - 1);
                var content = new ByteArrayContent(Served, (int)from, (int)(to - from + 1));
                content.Headers.ContentRange = lengths ? new ContentRangeHeaderValue(from, to, Served.Length) : ContentRangeHeaderValue.Parse($"bytes {from}-{to}/*");
                return new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = content };
            }, 20).ToArray());

        private static Task<string?> CheckAsync(ScriptedHandler handler, string path) =>
            new VideoDownloader(new HttpClient(handler), new RetryPolicy(1, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(10)), TimeSpan.FromSeconds(10))
                .CheckExistingAsync(path, Url, SavedFileKind.Mp4Video, null, CancellationToken.None);

        [Theory]
        [InlineData(HttpStatusCode.MethodNotAllowed, true)]
        [InlineData(HttpStatusCode.Forbidden, true)]
        [InlineData(HttpStatusCode.OK, false)]
        public async Task AHalfFileThatStartsLikeAnMp4IsNotSavedWhenHeadGivesNoLength(HttpStatusCode head, bool headLength)
        {
            File.WriteAllBytes(Target, Served.Take(Served.Length / 2).ToArray());

            string? problem = await CheckAsync(Cdn(head, headLength), Target);

            Assert.NotNull(problem);
            Assert.Equal(Served.Length / 2, new FileInfo(Target).Length);
        }

        [Theory]
        [InlineData(HttpStatusCode.MethodNotAllowed)]
        [InlineData(HttpStatusCode.Forbidden)]
        [InlineData(HttpStatusCode.OK)]
        public async Task TheWholeFileIsSavedWhateverHeadSays(HttpStatusCode head)
        {
            File.WriteAllBytes(Target, Served);

            Assert.Null(await CheckAsync(Cdn(head), Target));
        }

        [Fact]
        public async Task AnotherFileOfTheSameLengthIsNotSaved()
        {
            // Two videos of one batch are often exactly as long; only their bytes tell them apart.
            File.WriteAllBytes(Target, Mp4(Served.Length, 11));

            string? problem = await CheckAsync(Cdn(HttpStatusCode.OK), Target);

            Assert.NotNull(problem);
        }

        [Fact]
        public async Task AServerThatIgnoresRangeAndRefusesHeadIsJudgedByTheLengthItsWholeAnswerStates()
        {
            File.WriteAllBytes(Target, Served.Take(Served.Length - 1).ToArray());
            Assert.NotNull(await CheckAsync(Cdn(HttpStatusCode.MethodNotAllowed, ranges: false), Target));

            File.WriteAllBytes(Target, Served);
            Assert.Null(await CheckAsync(Cdn(HttpStatusCode.MethodNotAllowed, ranges: false), Target));
        }

        [Fact]
        public async Task WhenNoAnswerStatesALengthTheFileIsNeverTakenAsSaved()
        {
            File.WriteAllBytes(Target, Served);

            // Nothing can prove it whole: downloading it again to compare fails the same way, and the file stays as it was.
            await Assert.ThrowsAnyAsync<Exception>(() => CheckAsync(Cdn(HttpStatusCode.MethodNotAllowed, lengths: false), Target));

            Assert.Equal(Served, File.ReadAllBytes(Target));
            Assert.Equal(new[] { "v.mp4" }, Directory.GetFiles(_folder).Select(Path.GetFileName).ToArray());
        }

        [Fact]
        public async Task WhenOnlyTheDownloadStatesALengthTheFileIsDownloadedAgainToCompare()
        {
            File.WriteAllBytes(Target, Served.Take(Served.Length / 2).ToArray());
            var handler = new ScriptedHandler(
                _ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable),
                _ => new HttpResponseMessage(HttpStatusCode.MethodNotAllowed),
                _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Served) });

            string? problem = await CheckAsync(handler, Target);

            Assert.NotNull(problem);
            Assert.Equal(3, handler.Requests.Count);
            Assert.Equal(new[] { "v.mp4" }, Directory.GetFiles(_folder).Select(Path.GetFileName).ToArray());
        }

        [Fact]
        public async Task AGoneUrlIsExpiredNotSaved()
        {
            File.WriteAllBytes(Target, Served);
            var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.Gone));

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => CheckAsync(handler, Target));

            Assert.Equal(AkoolErrorKind.Expired, error.Kind);
        }
    }
}
