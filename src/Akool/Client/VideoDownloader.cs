using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Akool.Client
{
    // Streams into a temporary file beside the target, resumes a cut transfer with Range, checks the length, and only
    // then moves it into place: a file with the target's name is always complete.
    internal sealed class VideoDownloader(HttpClient http, RetryPolicy retryPolicy, TimeSpan stallTimeout, TimeSpan? stallWindow = null, long minimumBytesPerWindow = VideoDownloader.DefaultMinimumBytesPerWindow)
    {
        public const string PartialSuffix = ".akool-partial";

        // A server dripping a byte every few seconds never trips a per-read timeout, but trips this.
        internal const long DefaultMinimumBytesPerWindow = 64 * 1024;

        internal static readonly TimeSpan StalePartialAge = TimeSpan.FromMinutes(10);

        // Under the 85,000 bytes at which .NET puts an array on the large-object heap: a batch saves thousands of
        // small videos, and 128 KiB buffers (two per download: the copy's and the FileStream's) would make each one
        // a large-object allocation, collected only by full collections.
        private const int BufferSize = 80 * 1024;

        // How many of a file's last bytes -SkipExisting compares with the server's: an MP4 or MP3 ends with its own
        // sample tables or frames, so two results of one length differ there.
        private const int TailLength = 4096;
        private readonly TimeSpan _stallWindow = stallWindow ?? stallTimeout;

        public VideoDownloader(AkoolClient client)
            : this(client.DownloadHttp, client.Options.Retry, client.Options.RequestTimeout)
        {
        }

        public async Task<long> DownloadAsync(Uri url, string targetPath, bool overwrite, IDownloadProgress? progress, Action<string>? log, CancellationToken cancellationToken)
        {
            if (Directory.Exists(targetPath))
            {
                // Even with -Force a folder is never replaced or written into: it is not a video someone can lose.
                throw new IOException($"'{targetPath}' is a folder, not a file; nothing was downloaded. Rename or move the folder, or give the row another Name.");
            }
            PartialFiles.RemoveStale(targetPath, StalePartialAge, log);

            // Unique per download: two processes saving the same video (a webhook retried while the first download
            // still runs) must not write into, or delete, each other's partial file.
            string partialPath = PartialPathFor(targetPath);
            try
            {
                long length = await DownloadToAsync(url, partialPath, progress, log, cancellationToken).ConfigureAwait(false);
                MoveIntoPlace(partialPath, targetPath, overwrite);
                return length;
            }
            catch
            {
                TryDelete(partialPath);
                throw;
            }
        }

        // -SkipExisting: a regular file (a link could point anywhere), starting like kind, as long as the server's file and
        // ending with the same bytes. The length comes from a ranged GET of the last bytes, else HEAD (often refused by
        // CDNs), else downloading the file again: it is never assumed.
        public async Task<string?> CheckExistingAsync(string path, Uri url, SavedFileKind kind, Action<string>? log, CancellationToken cancellationToken)
        {
            var file = new FileInfo(path);
            if ((file.Attributes & FileAttributes.ReparsePoint) != 0) return "it is a symbolic link or reparse point, not " + kind.SavedName;
            long length = file.Length;
            byte[] head = ReadAt(path, 0, kind.HeadLength);
            if (head.Length < kind.HeadLength || !kind.StartsLike(head))
            {
                return string.Format(CultureInfo.InvariantCulture, "it is {0:N0} bytes that do not start like {1}", length, kind.Name);
            }

            int tailLength = (int)Math.Min(length, TailLength);
            (long? total, byte[]? tail) = await ReadTailAsync(url, length - tailLength, tailLength, cancellationToken).ConfigureAwait(false);
            total = total ?? await HeadLengthAsync(url, cancellationToken).ConfigureAwait(false);
            if (!total.HasValue)
            {
                log?.Invoke($"The server states no length for {url.AbsolutePath}; downloading it again to compare with '{path}'.");
                string partialPath = PartialPathFor(path);
                try
                {
                    total = await DownloadToAsync(url, partialPath, null, log, cancellationToken).ConfigureAwait(false);
                    if (total.Value == length) tail = ReadAt(partialPath, length - tailLength, tailLength);
                }
                finally
                {
                    TryDelete(partialPath);
                }
            }
            if (total.Value != length) return string.Format(CultureInfo.InvariantCulture, "it is {0:N0} bytes and the server's file is {1:N0}", length, total.Value);
            if (tail != null && !tail.SequenceEqual(ReadAt(path, length - tailLength, tailLength)))
            {
                return string.Format(CultureInfo.InvariantCulture, "its last {0:N0} bytes differ from the server's file, so it is another file of the same length", tailLength);
            }
            return null;
        }

        private async Task<(long? Total, byte[]? Bytes)> ReadTailAsync(Uri url, long from, int count, CancellationToken cancellationToken)
        {
            try
            {
                using (var request = new HttpRequestMessage(HttpMethod.Get, url))
                {
                    request.Headers.Range = new RangeHeaderValue(from, from + count - 1);
                    using (HttpResponseMessage response = await SendWithStallTimeoutAsync(request, cancellationToken).ConfigureAwait(false))
                    {
                        int status = (int)response.StatusCode;
                        if (status == 403 || status == 404 || status == 410) throw Gone(status);
                        ContentRangeHeaderValue? range = response.Content.Headers.ContentRange;
                        if (response.Content.Headers.ContentEncoding.Count > 0) return (null, null);
                        // The range ignored: the whole file's length is stated, and its body is left unread.
                        if (response.StatusCode == HttpStatusCode.OK) return (response.Content.Headers.ContentLength, null);
                        // 416: the file is longer than the server's, whose length Content-Range states.
                        if (status == 416 || (response.StatusCode == HttpStatusCode.PartialContent && (range?.From != from || range.To != from + count - 1))) return (range?.Length, null);
                        if (response.StatusCode != HttpStatusCode.PartialContent || range?.Length == null) return (null, null);
                        // A few KiB must come within one stall window: a body dripping a byte at a time would
                        // otherwise hold the check for as long as the server likes. Without them, the length decides.
                        using (var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                        using (Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                        {
                            window.CancelAfter(_stallWindow);
                            var bytes = new byte[count];
                            int read = 0;
                            int n;
                            try
                            {
                                while (read < count && (n = await ReadWithStallTimeoutAsync(body, bytes, read, count - read, window.Token).ConfigureAwait(false)) > 0) read += n;
                            }
                            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                            {
                                return (range.Length, null);
                            }
                            return (range.Length, read == count ? bytes : null);
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is TimeoutException || ex is IOException)
            {
                return (null, null);
            }
        }

        private async Task<long?> HeadLengthAsync(Uri url, CancellationToken cancellationToken)
        {
            try
            {
                using (var request = new HttpRequestMessage(HttpMethod.Head, url))
                using (HttpResponseMessage response = await SendWithStallTimeoutAsync(request, cancellationToken).ConfigureAwait(false))
                {
                    return response.StatusCode == HttpStatusCode.OK && response.Content.Headers.ContentEncoding.Count == 0 ? response.Content.Headers.ContentLength : null;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is TimeoutException || ex is IOException)
            {
                return null;
            }
        }

        private static byte[] ReadAt(string path, long offset, int count)
        {
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            {
                stream.Position = offset;
                var bytes = new byte[count];
                int read = 0;
                int n;
                while (read < count && (n = stream.Read(bytes, read, count - read)) > 0) read += n;
                if (read < count) Array.Resize(ref bytes, read);
                return bytes;
            }
        }

        private async Task<long> DownloadToAsync(Uri url, string partialPath, IDownloadProgress? progress, Action<string>? log, CancellationToken cancellationToken)
        {
            // FileShare.None also takes an OS lock on Linux and macOS (.NET uses flock there): that lock is how a
            // later run tells a partial file being written from one a killed process left behind.
            // Unbuffered (1): each chunk goes to the file as it is read; a buffer here would copy it once more and cost
            // every file, however small, 80 KB.
            using (var file = new FileStream(partialPath, FileMode.Create, FileAccess.Write, FileShare.None, 1, useAsync: true))
            {
                var state = new TransferState();
                for (int retry = 0; ; retry++)
                {
                    try
                    {
                        long length = await TransferAsync(url, file, state, progress, cancellationToken).ConfigureAwait(false);
                        await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                        return length;
                    }
                    catch (Exception ex) when (IsTransient(ex, cancellationToken) && retry >= retryPolicy.MaximumRetryCount && !(ex is IOException))
                    {
                        // Retries spent: the cause keeps its type (a stall is a timeout, an HTTP failure the server's
                        // trouble), so the error classifier gives it its category; IOException stays as is: it may be the disk.
                        string failed = $"The download of {url.AbsolutePath} failed after {retry} retries: {Describe(ex)}.";
                        throw ex is TimeoutException ? new TimeoutException(failed, ex) : (Exception)new HttpRequestException(failed, ex);
                    }
                    catch (Exception ex) when (IsTransient(ex, cancellationToken) && retry < retryPolicy.MaximumRetryCount)
                    {
                        TimeSpan delay = retryPolicy.DelayFor(retry + 1, null);
                        log?.Invoke(string.Format(CultureInfo.InvariantCulture,
                            "Download of {0} stopped at {1:N0} bytes ({2}); resuming, retry {3} of {4} in {5:0.0} s.",
                            url.AbsolutePath, file.Length, Describe(ex), retry + 1, retryPolicy.MaximumRetryCount, delay.TotalSeconds));
                        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }

        private sealed class TransferState
        {
            public bool RangeUnusable { get; set; }
        }

        private async Task<long> TransferAsync(Uri url, FileStream file, TransferState state, IDownloadProgress? progress, CancellationToken cancellationToken)
        {
            if (state.RangeUnusable && file.Length > 0)
            {
                progress?.Add(-file.Length);
                file.SetLength(0);
            }
            long offset = file.Length;
            using (var request = new HttpRequestMessage(HttpMethod.Get, url))
            {
                if (offset > 0) request.Headers.Range = new RangeHeaderValue(offset, null);
                using (HttpResponseMessage response = await SendWithStallTimeoutAsync(request, cancellationToken).ConfigureAwait(false))
                {
                    long expectedTotal = CheckStatus(response, ref offset, file, state, progress);
                    progress?.SetTotal(expectedTotal);

                    using (Stream source = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                    {
                        // No larger than what is left to come: a speech or a short clip needs a few KB, not 80.
                        var buffer = new byte[Math.Min(BufferSize, Math.Max(1, expectedTotal - offset))];
                        DateTime windowStart = DateTime.UtcNow;
                        long windowBytes = 0;
                        while (true)
                        {
                            int read = await ReadWithStallTimeoutAsync(source, buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
                            if (read == 0) break;
                            if (file.Length + read > expectedTotal)
                            {
                                throw new IOException(string.Format(CultureInfo.InvariantCulture, "the server sent more than the {0:N0} bytes it announced", expectedTotal));
                            }
                            await file.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
                            progress?.Add(read);

                            // The stall rule: each read may take up to the stall timeout, and besides, every window
                            // must move a minimum, so a body dripping a byte at a time cannot hold a download for days.
                            windowBytes += read;
                            TimeSpan elapsed = DateTime.UtcNow - windowStart;
                            if (elapsed >= _stallWindow)
                            {
                                if (windowBytes < minimumBytesPerWindow)
                                {
                                    throw new TimeoutException(string.Format(CultureInfo.InvariantCulture,
                                        "the transfer stalled: {0:N0} bytes in {1:0.#} s, less than the {2:N0} required", windowBytes, elapsed.TotalSeconds, minimumBytesPerWindow));
                                }
                                windowStart = DateTime.UtcNow;
                                windowBytes = 0;
                            }
                        }
                    }

                    if (file.Length != expectedTotal)
                    {
                        throw new IOException(string.Format(CultureInfo.InvariantCulture, "the server sent {0:N0} of {1:N0} bytes", file.Length, expectedTotal));
                    }
                    return file.Length;
                }
            }
        }

        // Complete only against a total the server stated (a 200's Content-Length, a 206's Content-Range), with the bytes
        // exactly as stored: an answer without a total, or with a Content-Encoding, is retried.
        private static long CheckStatus(HttpResponseMessage response, ref long offset, FileStream file, TransferState state, IDownloadProgress? progress)
        {
            int status = (int)response.StatusCode;
            if (status == 403 || status == 404 || status == 410) throw Gone(status);
            if (status == 429 || status >= 500) throw new HttpRequestException($"the server answered HTTP {status}");
            if (response.StatusCode != HttpStatusCode.OK && response.StatusCode != HttpStatusCode.PartialContent)
            {
                throw new AkoolApiException(AkoolErrorKind.InvalidResponse, $"The file's URL answered HTTP {status} {response.ReasonPhrase}.", httpStatus: status);
            }
            foreach (string encoding in response.Content.Headers.ContentEncoding)
            {
                if (!string.Equals(encoding, "identity", StringComparison.OrdinalIgnoreCase))
                {
                    // No Accept-Encoding was sent, so this is a misbehaving server or proxy. Inflating it would be
                    // unbounded (a small body can inflate to gigabytes) and storing it would save something that is
                    // not the MP4: refused, and tried again.
                    throw new IOException($"the server sent the file compressed (Content-Encoding: {encoding}), which is never decompressed or saved");
                }
            }
            if (response.StatusCode == HttpStatusCode.PartialContent)
            {
                ContentRangeHeaderValue? range = response.Content.Headers.ContentRange;
                if (range?.From != offset) throw new IOException("the server resumed at the wrong offset");
                if (!range.Length.HasValue)
                {
                    // "bytes N-M/*": without the total nothing can prove the file ends where the video does.
                    state.RangeUnusable = true;
                    throw new IOException("the server resumed without saying the file's total length (Content-Range .../*); starting again from the first byte");
                }
                return range.Length.Value;
            }
            if (offset > 0)
            {
                // The server ignored Range: start again from the first byte.
                progress?.Add(-offset);
                file.SetLength(0);
                offset = 0;
            }
            long? total = response.Content.Headers.ContentLength;
            if (!total.HasValue)
            {
                // A body that ends without a stated length may have been cut anywhere: never call it the whole video.
                throw new IOException("the server did not say the file's length (no Content-Length), so a complete file cannot be told from a cut one");
            }
            return total.Value;
        }

        private static AkoolApiException Gone(int status) =>
            new AkoolApiException(AkoolErrorKind.Expired, $"The file's URL answered HTTP {status}: it has expired or was removed.", httpStatus: status);

        private Task<HttpResponseMessage> SendWithStallTimeoutAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            WithStallTimeoutAsync(stall => HttpTrace.SendAsync(http, request, stall, cancellationToken), "no answer from the file's URL", cancellationToken);

        // A download may run for a long time; what must not happen is a long silence, so the timeout is per read.
        private Task<int> ReadWithStallTimeoutAsync(Stream source, byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WithStallTimeoutAsync(stall => source.ReadAsync(buffer, offset, count, stall), "the transfer stalled", cancellationToken);

        private async Task<T> WithStallTimeoutAsync<T>(Func<CancellationToken, Task<T>> step, string stalled, CancellationToken cancellationToken)
        {
            using (var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                stall.CancelAfter(stallTimeout);
                try
                {
                    return await step(stall.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException(stalled);
                }
            }
        }

        private static bool IsTransient(Exception ex, CancellationToken cancellationToken) =>
            !cancellationToken.IsCancellationRequested && (ex is IOException || ex is HttpRequestException || ex is TimeoutException);

        private static string Describe(Exception ex)
        {
            while (ex.InnerException != null && !(ex is TimeoutException)) ex = ex.InnerException;
            return ex.Message;
        }

        private static void MoveIntoPlace(string partialPath, string targetPath, bool overwrite)
        {
            if (File.Exists(targetPath))
            {
                if (!overwrite) throw new IOException($"The file '{targetPath}' already exists.");
                File.Delete(targetPath);
            }
            File.Move(partialPath, targetPath);
        }

        private static string PartialPathFor(string targetPath) => targetPath + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + PartialSuffix;

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Still open elsewhere; nothing more can be done, and the suffix says it is not a video.
            }
        }
    }

    internal interface IDownloadProgress
    {
        void SetTotal(long totalBytes);

        void Add(long bytes);
    }
}
