using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Akool.Client
{
    /// <summary>
    /// Downloads a video into a file safely: streams into a temporary file beside the target with a fixed buffer,
    /// resumes a cut transfer with <c>Range</c> from the bytes already written, checks the length, and only then
    /// moves the file into place. On failure or cancellation the temporary file is removed, so a file with the
    /// target's name is always complete.
    /// </summary>
    internal sealed class VideoDownloader
    {
        /// <summary>The suffix of temporary files; never a video extension, so a partial file never looks complete.</summary>
        public const string PartialSuffix = ".akool-partial";

        private const int BufferSize = 128 * 1024;
        private readonly HttpClient _http;
        private readonly RetryPolicy _retry;
        private readonly TimeSpan _stallTimeout;

        /// <summary>Creates a downloader that uses <paramref name="client"/>'s HTTP connection pool and retry policy.</summary>
        public VideoDownloader(AkoolClient client)
            : this(client.Http, client.Options.Retry, client.Options.RequestTimeout)
        {
        }

        internal VideoDownloader(HttpClient http, RetryPolicy retry, TimeSpan stallTimeout)
        {
            _http = http;
            _retry = retry;
            _stallTimeout = stallTimeout;
        }

        /// <summary>
        /// Downloads <paramref name="url"/> to <paramref name="targetPath"/> and returns the byte count.
        /// Throws <see cref="AkoolApiException"/> (kind Expired for 403/404/410) and never leaves a partial file.
        /// </summary>
        public async Task<long> DownloadAsync(Uri url, string targetPath, bool overwrite, IDownloadProgress? progress, Action<string>? log, CancellationToken cancellationToken)
        {
            // Unique per download: two processes saving the same video (a webhook retried while the first download
            // still runs) must not write into, or delete, each other's partial file.
            string partialPath = targetPath + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + PartialSuffix;
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

        private async Task<long> DownloadToAsync(Uri url, string partialPath, IDownloadProgress? progress, Action<string>? log, CancellationToken cancellationToken)
        {
            using (var file = new FileStream(partialPath, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
            {
                for (int retry = 0; ; retry++)
                {
                    try
                    {
                        long length = await TransferAsync(url, file, progress, cancellationToken).ConfigureAwait(false);
                        await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                        return length;
                    }
                    catch (Exception ex) when (IsTransient(ex, cancellationToken) && retry < _retry.MaximumRetryCount)
                    {
                        TimeSpan delay = _retry.DelayFor(retry + 1, null);
                        log?.Invoke(string.Format(CultureInfo.InvariantCulture,
                            "Download of {0} stopped at {1:N0} bytes ({2}); resuming, retry {3} of {4} in {5:0.0} s.",
                            url.AbsolutePath, file.Length, Describe(ex), retry + 1, _retry.MaximumRetryCount, delay.TotalSeconds));
                        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }

        /// <summary>One request: from the current end of <paramref name="file"/> to the end of the video.</summary>
        private async Task<long> TransferAsync(Uri url, FileStream file, IDownloadProgress? progress, CancellationToken cancellationToken)
        {
            long offset = file.Length;
            using (var request = new HttpRequestMessage(HttpMethod.Get, url))
            {
                if (offset > 0) request.Headers.Range = new RangeHeaderValue(offset, null);
                using (HttpResponseMessage response = await SendWithStallTimeoutAsync(request, cancellationToken).ConfigureAwait(false))
                {
                    long expectedTotal = CheckStatus(response, url, ref offset, file, progress);
                    progress?.SetTotal(expectedTotal);

                    using (Stream source = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                    {
                        var buffer = new byte[BufferSize];
                        while (true)
                        {
                            int read = await ReadWithStallTimeoutAsync(source, buffer, cancellationToken).ConfigureAwait(false);
                            if (read == 0) break;
                            await file.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
                            progress?.Add(read);
                        }
                    }

                    if (expectedTotal >= 0 && file.Length != expectedTotal)
                    {
                        throw new IOException(string.Format(CultureInfo.InvariantCulture, "the server sent {0:N0} of {1:N0} bytes", file.Length, expectedTotal));
                    }
                    return file.Length;
                }
            }
        }

        /// <summary>Checks the answer; returns the whole video's length (or -1 when the server does not say).</summary>
        private static long CheckStatus(HttpResponseMessage response, Uri url, ref long offset, FileStream file, IDownloadProgress? progress)
        {
            int status = (int)response.StatusCode;
            if (status == 403 || status == 404 || status == 410)
            {
                throw new AkoolApiException(AkoolErrorKind.Expired,
                    $"The video URL answered HTTP {status}: the video has expired (Akool keeps results for 7 days) or was removed.", httpStatus: status);
            }
            if (status == 429 || status >= 500)
            {
                throw new HttpRequestException($"the server answered HTTP {status}");
            }
            if (response.StatusCode == HttpStatusCode.PartialContent)
            {
                ContentRangeHeaderValue? range = response.Content.Headers.ContentRange;
                if (range?.From != offset) throw new IOException("the server resumed at the wrong offset");
                return range.Length ?? -1;
            }
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new AkoolApiException(AkoolErrorKind.InvalidResponse, $"The video URL answered HTTP {status} {response.ReasonPhrase}.", httpStatus: status);
            }
            if (offset > 0)
            {
                // The server ignored Range: start again from the first byte.
                progress?.Add(-offset);
                file.SetLength(0);
                offset = 0;
            }
            return response.Content.Headers.ContentLength ?? -1;
        }

        private async Task<HttpResponseMessage> SendWithStallTimeoutAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using (var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                stall.CancelAfter(_stallTimeout);
                try
                {
                    return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stall.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException("no answer from the video URL");
                }
            }
        }

        // A download may run for a long time; what must not happen is a long silence, so the timeout is per read.
        private async Task<int> ReadWithStallTimeoutAsync(Stream source, byte[] buffer, CancellationToken cancellationToken)
        {
            using (var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                stall.CancelAfter(_stallTimeout);
                try
                {
                    return await source.ReadAsync(buffer, 0, buffer.Length, stall.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException("the transfer stalled");
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

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // Still open elsewhere; nothing more can be done, and the suffix says it is not a video.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
