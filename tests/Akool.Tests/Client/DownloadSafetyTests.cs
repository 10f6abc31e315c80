using System;
using System.IO;
using System.IO.Compression;
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
    /// A file under its final name is exactly the video (issue 12, #8 and #10): a stated total is required, a
    /// compressed body is never inflated or saved, a dripping body is a stall, and nothing partial is left behind.
    /// </summary>
    public sealed class DownloadSafetyTests : IDisposable
    {
        private static readonly byte[] Video = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 13)).ToArray();
        private static readonly Uri Url = new Uri("https://cdn.example.com/v.mp4");
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "akool-dls-" + Guid.NewGuid().ToString("N"));

        public DownloadSafetyTests() => Directory.CreateDirectory(_folder);

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        private string Target => Path.Combine(_folder, "v.mp4");

        private static VideoDownloader DownloaderFor(ScriptedHandler handler, TimeSpan? window = null, long minimum = VideoDownloader.DefaultMinimumBytesPerWindow) =>
            new VideoDownloader(new HttpClient(handler), new RetryPolicy(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(10)), TimeSpan.FromSeconds(10), window, minimum);

        private static HttpResponseMessage Whole() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Video) };

        [Fact]
        public async Task ABodyWithoutALengthThatEndsHalfWayIsNeverSavedAsComplete()
        {
            // No Content-Length: the body simply ends after half the video, as a cut connection-close body does.
            var handler = new ScriptedHandler(Enumerable.Repeat<Func<HttpRequestMessage, HttpResponseMessage>>(
                _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new UnknownLengthContent(Video.Take(50_000).ToArray()) }, 4).ToArray());

            await Assert.ThrowsAnyAsync<IOException>(() => DownloaderFor(handler).DownloadAsync(Url, Target, overwrite: false, null, null, CancellationToken.None));

            Assert.Empty(Directory.GetFiles(_folder));
        }

        [Fact]
        public async Task AResumeWithoutATotalIsNotTakenAsTheWholeFileAndTheDownloadStartsOver()
        {
            var handler = new ScriptedHandler(
                _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new CutContent(Video, 40_000, Video.Length) },
                request =>
                {
                    // bytes 40000-69999/*: only part of the rest, and no total to tell.
                    long from = request.Headers.Range!.Ranges.Single().From!.Value;
                    var content = new ByteArrayContent(Video, (int)from, 30_000);
                    content.Headers.ContentRange = ContentRangeHeaderValue.Parse($"bytes {from}-{from + 29_999}/*");
                    return new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = content };
                },
                _ => Whole());

            long length = await DownloaderFor(handler).DownloadAsync(Url, Target, overwrite: false, null, null, CancellationToken.None);

            Assert.Equal(Video.Length, length);
            Assert.Equal(Video, File.ReadAllBytes(Target));
            Assert.Null(handler.Requests[2].Headers.Range);
        }

        [Fact]
        public async Task ACompressedVideoIsNeitherInflatedNorSaved()
        {
            byte[] gzip = Gzip(Video);
            var handler = new ScriptedHandler(Enumerable.Repeat<Func<HttpRequestMessage, HttpResponseMessage>>(_ =>
            {
                var content = new ByteArrayContent(gzip);
                content.Headers.ContentEncoding.Add("gzip");
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
            }, 4).ToArray());

            var error = await Assert.ThrowsAnyAsync<IOException>(() => DownloaderFor(handler).DownloadAsync(Url, Target, overwrite: false, null, null, CancellationToken.None));

            Assert.Contains("gzip", error.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(_folder));
        }

        [Fact]
        public async Task ADrippingBodyIsAStallAndLeavesNoFile()
        {
            var handler = new ScriptedHandler(Enumerable.Repeat<Func<HttpRequestMessage, HttpResponseMessage>>(
                _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new DripContent(Video.Take(1000).ToArray(), TimeSpan.FromMilliseconds(20)) }, 2).ToArray());
            var downloader = new VideoDownloader(new HttpClient(handler), new RetryPolicy(1, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(10)),
                TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(300), 1024);
            var clock = System.Diagnostics.Stopwatch.StartNew();

            // A stall is a timeout (ErrorClassifier: AkoolDownloadFailed, OperationTimeout).
            await Assert.ThrowsAsync<TimeoutException>(() => downloader.DownloadAsync(Url, Target, overwrite: false, null, null, CancellationToken.None));

            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
            Assert.Empty(Directory.GetFiles(_folder));
        }

        [Fact]
        public async Task AFolderNamedLikeTheTargetIsNeverDownloadedIntoEvenWithOverwrite()
        {
            Directory.CreateDirectory(Target);
            var handler = new ScriptedHandler(_ => Whole());

            var error = await Assert.ThrowsAsync<IOException>(() => DownloaderFor(handler).DownloadAsync(Url, Target, overwrite: true, null, null, CancellationToken.None));

            Assert.Contains("folder", error.Message, StringComparison.Ordinal);
            Assert.Empty(handler.Requests);
            Assert.True(Directory.Exists(Target));
        }

        [Fact]
        public async Task AStalePartialLeftByAKilledProcessIsRemovedButALiveOneIsKept()
        {
            string stale = Target + ".0badf00d" + VideoDownloader.PartialSuffix;
            string live = Target + ".11ve1234" + VideoDownloader.PartialSuffix;
            string young = Target + ".00001234" + VideoDownloader.PartialSuffix;
            File.WriteAllText(stale, "left by kill -9");
            File.WriteAllText(live, "being written");
            File.WriteAllText(young, "maybe a slow writer");
            File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-1));
            File.SetLastWriteTimeUtc(live, DateTime.UtcNow.AddHours(-1));
            using (new FileStream(live, FileMode.Open, FileAccess.Write, FileShare.None))
            {
                var handler = new ScriptedHandler(_ => Whole());

                await DownloaderFor(handler).DownloadAsync(Url, Target, overwrite: false, null, null, CancellationToken.None);
            }

            Assert.False(File.Exists(stale));
            Assert.True(File.Exists(live));
            Assert.True(File.Exists(young));
            Assert.Equal(Video, File.ReadAllBytes(Target));
        }

        [Fact]
        public async Task ManyDownloadsIntoOneFolderListItOnceYetEachStalePartialPresentThenIsRemoved()
        {
            // The folder is listed once per run, not once per download (a batch of N downloads read N x N names).
            string[] stale = Enumerable.Range(0, 5).Select(i => Path.Combine(_folder, $"v{i}.mp4.0badf00{i}" + VideoDownloader.PartialSuffix)).ToArray();
            foreach (string path in stale)
            {
                File.WriteAllText(path, "left by kill -9");
                File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-1));
            }
            int before = PartialFiles.ListingCount;
            var handler = new ScriptedHandler(Enumerable.Repeat<Func<HttpRequestMessage, HttpResponseMessage>>(_ => Whole(), 20).ToArray());
            VideoDownloader downloader = DownloaderFor(handler);

            for (int i = 0; i < 20; i++) await downloader.DownloadAsync(Url, Path.Combine(_folder, $"v{i}.mp4"), overwrite: false, null, null, CancellationToken.None);

            Assert.Equal(1, PartialFiles.ListingCount - before);
            Assert.All(stale, path => Assert.False(File.Exists(path)));
            Assert.Equal(20, Directory.GetFiles(_folder, "*.mp4").Length);
            Assert.Empty(Directory.GetFiles(_folder, "*" + VideoDownloader.PartialSuffix));
        }

        private static byte[] Gzip(byte[] bytes)
        {
            using var output = new MemoryStream();
            using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(bytes, 0, bytes.Length);
            return output.ToArray();
        }

        /// <summary>Declares <c>declared</c> bytes, sends <c>sent</c>, then fails like a reset connection.</summary>
        private sealed class CutContent : HttpContent
        {
            private readonly byte[] _bytes;
            private readonly int _sent;

            public CutContent(byte[] bytes, int sent, long declared)
            {
                _bytes = bytes;
                _sent = sent;
                Headers.ContentLength = declared;
            }

            protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => throw new NotSupportedException();

            protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new ResetStream(_bytes, _sent));

            protected override bool TryComputeLength(out long length)
            {
                length = Headers.ContentLength!.Value;
                return true;
            }
        }

        private sealed class ResetStream : MemoryStream
        {
            public ResetStream(byte[] bytes, int count) : base(bytes, 0, count, writable: false)
            {
            }

            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                int read = await base.ReadAsync(buffer, offset, count, cancellationToken);
                return read > 0 ? read : throw new IOException("connection reset (test)");
            }
        }

        /// <summary>The whole length declared, then one byte per interval.</summary>
        private sealed class DripContent : HttpContent
        {
            private readonly byte[] _bytes;
            private readonly TimeSpan _interval;

            public DripContent(byte[] bytes, TimeSpan interval)
            {
                _bytes = bytes;
                _interval = interval;
                Headers.ContentLength = bytes.Length;
            }

            protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => throw new NotSupportedException();

            protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new DripStream(_bytes, _interval));

            protected override bool TryComputeLength(out long length)
            {
                length = _bytes.Length;
                return true;
            }
        }

        private sealed class DripStream : MemoryStream
        {
            private readonly TimeSpan _interval;

            public DripStream(byte[] bytes, TimeSpan interval) : base(bytes, writable: false) => _interval = interval;

            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                await Task.Delay(_interval, cancellationToken);
                return await base.ReadAsync(buffer, offset, Math.Min(1, count), cancellationToken);
            }
        }
    }
}
