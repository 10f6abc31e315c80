using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Errors;

namespace Akool.Input
{
    // Checks a row's photo and audio URLs before its create is paid for, as Akool will read them (no credential of
    // ours). Each URL is fetched once while it is recent, only its first bytes, with a ranged GET: CDNs often refuse
    // HEAD.
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A SemaphoreSlim whose AvailableWaitHandle is never read holds nothing to free.")]
    internal sealed class InputCheck(AkoolClient client, int throttle, Action<string> warn, Action<string> log, Action<string>? trace, CancellationToken cancellation, int recentUrls = InputCheck.RecentUrls)
    {
        // Answers are kept for the last few thousand distinct URLs, far more than the rows queued between a row's
        // prefetch and its check: a URL that many rows share (one photo for a batch) stays recent, and a batch of
        // 100,000 rows with URLs of their own keeps flat memory (about 500 bytes a URL otherwise).
        internal const int RecentUrls = 4096;
        private const int MaximumRedirects = 5;
        private readonly SemaphoreSlim _slots = new SemaphoreSlim(throttle);
        private readonly object _lock = new object();
        private Dictionary<string, Lazy<Task<Probe>>> _recent = new Dictionary<string, Lazy<Task<Probe>>>(StringComparer.Ordinal);
        private Dictionary<string, Lazy<Task<Probe>>> _older = new Dictionary<string, Lazy<Task<Probe>>>(StringComparer.Ordinal);

        // Rows queue ahead of the create slots, so the check before each create finds its answer waiting.
        public void Prefetch(string photoUrl, string? audioUrl)
        {
            _ = ProbeOnce(photoUrl);
            if (audioUrl != null) _ = ProbeOnce(audioUrl);
        }

        public async Task<ErrorRecord?> CheckAsync(string subject, object target, string photoUrl, string? audioUrl)
        {
            Task<Probe> photo = ProbeOnce(photoUrl);
            Task<Probe>? audio = audioUrl == null ? null : ProbeOnce(audioUrl);
            ErrorRecord? error = Judge(await photo.ConfigureAwait(false), subject, target, "TalkingPhotoUrl", photoUrl, MediaKind.Image);
            return error ?? (audio == null ? null : Judge(await audio.ConfigureAwait(false), subject, target, "AudioUrl", audioUrl!, MediaKind.Audio));
        }

        private Task<Probe> ProbeOnce(string url)
        {
            Lazy<Task<Probe>>? probe;
            lock (_lock)
            {
                if (!_recent.TryGetValue(url, out probe))
                {
                    if (!_older.TryGetValue(url, out probe)) probe = new Lazy<Task<Probe>>(() => ProbeAsync(new Uri(url)));
                    if (_recent.Count == recentUrls)
                    {
                        _older = _recent;
                        _recent = new Dictionary<string, Lazy<Task<Probe>>>(StringComparer.Ordinal);
                    }
                    _recent[url] = probe;
                }
            }
            return probe.Value;
        }

        private static ErrorRecord? Judge(Probe probe, string subject, object target, string field, string url, MediaKind wanted)
        {
            bool image = wanted == MediaKind.Image;
            string notIt = image ? ErrorIds.InputNotAnImage : ErrorIds.InputNotAudio;
            (string Id, ErrorCategory Category, string Cause)? bad =
                probe.Failure != null ? probe.Failure.Value
                : probe.Read == 0 || probe.Size == 0 ? (notIt, ErrorCategory.InvalidArgument, "is an empty file")
                : probe.Kind == MediaKind.WebPage ? (ErrorIds.InputIsWebPage, ErrorCategory.InvalidArgument, "is a web page, not the file: use a direct link to the file itself (a share link shows a page)")
                : probe.Kind != wanted ? (notIt, ErrorCategory.InvalidArgument, image ? "is not a JPEG, PNG or WebP image (by its first bytes)" : "is not MP3, WAV or M4A/AAC audio (by its first bytes)")
                : probe.Size > (image ? MediaSniffer.MaxImageBytes : MediaSniffer.MaxAudioBytes)
                    ? (ErrorIds.InputTooLarge, ErrorCategory.InvalidArgument, string.Format(CultureInfo.InvariantCulture, "is {0:N0} bytes, more than the {1:N0} MB Akool takes", probe.Size, (image ? MediaSniffer.MaxImageBytes : MediaSniffer.MaxAudioBytes) / (1024 * 1024)))
                : null;
            if (bad == null) return null;
            return ErrorClassifier.Create(bad.Value.Id, bad.Value.Category, target, $"{subject}: {field} '{url}' {bad.Value.Cause}; nothing was sent for this row.",
                "Give the row a URL that anyone can download the file from (open it in a private browser window to see what Akool would get), then run the batch again; use -SkipInputCheck only for a host this computer cannot reach but Akool can.");
        }

        private async Task<Probe> ProbeAsync(Uri url)
        {
            CancellationToken cancellationToken = cancellation;
            // A check may start on the pipeline thread (a prefetch), outside any traced call: it sets its own sink,
            // which this async method scopes to itself.
            if (trace != null) HttpTrace.Sink.Value = trace;
            // Against the emulator on loopback, inputs on loopback are expected.
            if (!client.BaseUri.IsLoopback && await OnlyPrivateAsync(url).ConfigureAwait(false))
            {
                warn($"'{url.Host}' is a private or loopback address: this computer can read {url}, but Akool, on the internet, cannot; its create is likely to fail.");
            }
            RetryPolicy retry = client.Options.Retry;
            for (int attempt = 0; ; attempt++)
            {
                Exception failure;
                await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    return await FetchHeadAsync(url, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && (ex is HttpRequestException || ex is TimeoutException || ex is IOException))
                {
                    failure = ex;
                }
                finally
                {
                    _slots.Release();
                }
                if (NetworkFailure.Classify(failure).Kind == NetworkFailureKind.NameNotFound) return Failed(ErrorIds.InputNotFound, ErrorCategory.ObjectNotFound, $"names a host that does not exist ({failure.Message})");
                if (attempt >= retry.MaximumRetryCount) return Failed(ErrorIds.InputUnreachable, ErrorCategory.ResourceUnavailable, $"could not be read after {attempt} retries ({failure.Message})");
                TimeSpan delay = retry.DelayFor(attempt + 1, null);
                log(string.Format(CultureInfo.InvariantCulture, "Checking {0}: {1}; retry {2} of {3} in {4:0.0} s.", url, failure.Message, attempt + 1, retry.MaximumRetryCount, delay.TotalSeconds));
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        // Follows redirects here: the API's connection pool follows none.
        private async Task<Probe> FetchHeadAsync(Uri url, CancellationToken cancellationToken)
        {
            for (int hop = 0; ; hop++)
            {
                using (var request = new HttpRequestMessage(HttpMethod.Get, url))
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    request.Headers.Range = new RangeHeaderValue(0, MediaSniffer.HeadLength - 1);
                    timeout.CancelAfter(client.Options.RequestTimeout);
                    try
                    {
                        using (HttpResponseMessage response = await HttpTrace.SendAsync(client.Http, request, timeout.Token, cancellationToken).ConfigureAwait(false))
                        {
                            int status = (int)response.StatusCode;
                            if (status >= 300 && status < 400 && response.Headers.Location != null)
                            {
                                if (hop == MaximumRedirects) return Failed(ErrorIds.InputRedirectLoop, ErrorCategory.InvalidArgument, $"redirects more than {MaximumRedirects} times (a redirect loop?)");
                                url = new Uri(url, response.Headers.Location);
                                if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) return Failed(ErrorIds.InputUnreachable, ErrorCategory.InvalidArgument, "redirects to an address that is not http(s)");
                                continue;
                            }
                            if (status == 404 || status == 410) return Failed(ErrorIds.InputNotFound, ErrorCategory.ObjectNotFound, $"answers HTTP {status}: there is no file there");
                            if (status == 401 || status == 403) return Failed(ErrorIds.InputForbidden, ErrorCategory.PermissionDenied, $"answers HTTP {status}: it needs a login or a signed link, and Akool has neither");
                            if (status == 429 || status >= 500) throw new HttpRequestException($"the server answered HTTP {status}");
                            // 416 for a range of an empty file: Content-Range then says its length ("bytes */0").
                            if (status == 416) return new Probe(MediaKind.Unknown, response.Content.Headers.ContentRange?.Length, 0);
                            if (status != 200 && status != 206) return Failed(ErrorIds.InputUnreachable, ErrorCategory.InvalidArgument, $"answers HTTP {status} instead of the file");
                            long? size = status == 206 ? response.Content.Headers.ContentRange?.Length : response.Content.Headers.ContentLength;
                            var head = new byte[MediaSniffer.HeadLength];
                            int read = 0;
                            using (Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                            {
                                int n;
                                while (read < head.Length && (n = await body.ReadAsync(head, read, head.Length - read, timeout.Token).ConfigureAwait(false)) > 0) read += n;
                            }
                            MediaKind kind = MediaSniffer.Sniff(head, read);
                            // Bytes decide; the type only names a page whose first bytes do not (an empty body, a script).
                            if (kind == MediaKind.Unknown && response.Content.Headers.ContentType?.MediaType == "text/html") kind = MediaKind.WebPage;
                            return new Probe(kind, size, read);
                        }
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw new TimeoutException($"no answer within {client.Options.RequestTimeout.TotalSeconds:0} s");
                    }
                }
            }
        }

        private static async Task<bool> OnlyPrivateAsync(Uri url)
        {
            try
            {
                IPAddress[] addresses = IPAddress.TryParse(url.IdnHost, out IPAddress? literal) ? new[] { literal } : await Dns.GetHostAddressesAsync(url.IdnHost).ConfigureAwait(false);
                return addresses.Length > 0 && addresses.All(IsPrivate);
            }
            catch (SocketException)
            {
                // The fetch says what is wrong with a name that does not resolve (or resolves only through the proxy).
                return false;
            }
        }

        private static bool IsPrivate(IPAddress address)
        {
            if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
            if (IPAddress.IsLoopback(address) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal) return true;
            byte[] b = address.GetAddressBytes();
            return address.AddressFamily == AddressFamily.InterNetwork
                ? b[0] == 10 || (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && (b[1] & 0xC0) == 64)
                : (b[0] & 0xFE) == 0xFC;
        }

        private static Probe Failed(string id, ErrorCategory category, string cause) => new Probe(MediaKind.Unknown, null, 0, (id, category, cause));

        private sealed record Probe(MediaKind Kind, long? Size, int Read, (string Id, ErrorCategory Category, string Cause)? Failure = null);
    }
}
