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
    /// <summary>Downloads resume with Range, check the length, and never leave a partial file or a short file behind.</summary>
    public sealed class VideoDownloaderTests : IDisposable
    {
        private static readonly byte[] Video = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();
        private static readonly Uri Url = new Uri("https://cdn.example.com/v.mp4");
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "akool-dl-" + Guid.NewGuid().ToString("N"));

        public VideoDownloaderTests() => Directory.CreateDirectory(_folder);

        public void Dispose() => Directory.Delete(_folder, recursive: true);

        private string Target => Path.Combine(_folder, "v.mp4");

        private static VideoDownloader DownloaderFor(ScriptedHandler handler) =>
            new VideoDownloader(new HttpClient(handler), new RetryPolicy(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(10)), TimeSpan.FromSeconds(10));

        /// <summary>An answer that promises the whole rest of the video but stops after <paramref name="bytes"/>.</summary>
        private static Func<HttpRequestMessage, HttpResponseMessage> CutAfter(int bytes) => _ =>
            new HttpResponseMessage(HttpStatusCode.OK) { Content = new CutContent(Video, 0, bytes, Video.Length) };

        private static Func<HttpRequestMessage, HttpResponseMessage> RangeAnswer() => request =>
        {
            long from = request.Headers.Range!.Ranges.Single().From!.Value;
            var content = new ByteArrayContent(Video, (int)from, Video.Length - (int)from);
            content.Headers.ContentRange = new ContentRangeHeaderValue(from, Video.Length - 1, Video.Length);
            return new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = content };
        };

        [Fact]
        public async Task ACutTransferResumesWithRangeFromTheBytesAlreadyWritten()
        {
            var handler = new ScriptedHandler(CutAfter(40_000), RangeAnswer());

            long length = await DownloaderFor(handler).DownloadAsync(Url, Target, overwrite: false, null, null, CancellationToken.None);

            Assert.Equal(Video.Length, length);
            Assert.Equal(Video, File.ReadAllBytes(Target));
            Assert.Null(handler.Requests[0].Headers.Range);
            Assert.Equal(40_000, handler.Requests[1].Headers.Range!.Ranges.Single().From);
            Assert.Single(Directory.GetFiles(_folder));
        }

        [Fact]
        public async Task AServerThatIgnoresRangeIsReadFromTheStartAgain()
        {
            var handler = new ScriptedHandler(CutAfter(40_000), _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Video) });

            await DownloaderFor(handler).DownloadAsync(Url, Target, overwrite: false, null, null, CancellationToken.None);

            Assert.Equal(Video, File.ReadAllBytes(Target));
        }

        [Fact]
        public async Task WhenRetriesRunOutNoFileIsLeftBehind()
        {
            var handler = new ScriptedHandler(CutAfter(10), CutAfter(10), CutAfter(10), CutAfter(10));

            await Assert.ThrowsAnyAsync<Exception>(() => DownloaderFor(handler).DownloadAsync(Url, Target, overwrite: false, null, null, CancellationToken.None));

            Assert.Empty(Directory.GetFiles(_folder));
        }

        [Theory]
        [InlineData(403)]
        [InlineData(404)]
        [InlineData(410)]
        public async Task AGoneVideoIsExpiredAndNotRetried(int status)
        {
            var handler = new ScriptedHandler(_ => new HttpResponseMessage((HttpStatusCode)status));

            var error = await Assert.ThrowsAsync<AkoolApiException>(() => DownloaderFor(handler).DownloadAsync(Url, Target, overwrite: false, null, null, CancellationToken.None));

            Assert.Equal(AkoolErrorKind.Expired, error.Kind);
            Assert.Single(handler.Requests);
            Assert.Empty(Directory.GetFiles(_folder));
        }

        [Fact]
        public async Task CancellationRemovesThePartialFile()
        {
            using var cancel = new CancellationTokenSource();
            var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new CutContent(Video, 0, 50_000, Video.Length, onStall: cancel.Cancel) });

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DownloaderFor(handler).DownloadAsync(Url, Target, overwrite: false, null, null, cancel.Token));

            Assert.Empty(Directory.GetFiles(_folder));
        }

        [Fact]
        public async Task AnExistingFileIsKeptWithoutOverwrite()
        {
            File.WriteAllText(Target, "mine");
            var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Video) });

            await Assert.ThrowsAsync<IOException>(() => DownloaderFor(handler).DownloadAsync(Url, Target, overwrite: false, null, null, CancellationToken.None));

            Assert.Equal("mine", File.ReadAllText(Target));
            Assert.Single(Directory.GetFiles(_folder));
        }

        /// <summary>Content whose Content-Length says <c>declared</c> bytes but whose stream ends (with an IOException) after <c>sent</c>.</summary>
        private sealed class CutContent : HttpContent
        {
            private readonly byte[] _bytes;
            private readonly int _offset;
            private readonly int _sent;
            private readonly long _declared;
            private readonly Action? _onStall;

            public CutContent(byte[] bytes, int offset, int sent, long declared, Action? onStall = null)
            {
                _bytes = bytes;
                _offset = offset;
                _sent = sent;
                _declared = declared;
                _onStall = onStall;
                Headers.ContentLength = declared;
            }

            protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => throw new NotSupportedException();

            protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new CutStream(_bytes, _offset, _sent, _onStall));

            protected override bool TryComputeLength(out long length)
            {
                length = _declared;
                return true;
            }
        }

        private sealed class CutStream : MemoryStream
        {
            private readonly Action? _onStall;

            public CutStream(byte[] bytes, int offset, int count, Action? onStall) : base(bytes, offset, count, writable: false) => _onStall = onStall;

            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                int read = await base.ReadAsync(buffer, offset, count, cancellationToken);
                if (read > 0) return read;
                if (_onStall == null) throw new IOException("connection reset (test)");
                _onStall();
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return 0;
            }
        }
    }
}
