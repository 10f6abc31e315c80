using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Akool.Client
{
    internal sealed partial class AkoolClient : IDisposable
    {
        private const string CreatePath = "/api/open/v3/content/video/createbytalkingphoto";
        private const string InfoPath = "/api/open/v3/content/video/infobymodelid";
        private const string CreditPath = "/api/open/v3/faceswap/quota/info";
        private const string TokenPath = "/api/open/v3/getToken";

        private const int MaximumConnections = 256;

        private const int FirstContactRetries = 1;

        private static readonly TimeSpan FirstContactRetryDelay = TimeSpan.FromMilliseconds(250);

        // Set while VerifyAsync runs (it flows with the async context), so later batch calls keep the full retry policy.
        private static readonly AsyncLocal<bool> FirstContact = new AsyncLocal<bool>();

        private readonly Authenticator _authenticator;
        private readonly AkoolClientOptions _options;

        internal AkoolClient(AkoolClientOptions options, Authenticator authenticator, HttpMessageHandler? handler = null, HttpMessageHandler? downloadHandler = null)
        {
            _options = options;
            _authenticator = authenticator;
            // Two clients, never one: API calls carry credentials and must not follow redirects (a 3xx would take the
            // key, and a create's body, to whatever host it names); video downloads carry no credential, may follow
            // a CDN's redirects, and must get the bytes exactly as stored (no decompression).
            Http = NewHttpClient(handler ?? CreateHandler(HandlerPurpose.Api, options.Proxy), options.UserAgent);
            DownloadHttp = NewHttpClient(downloadHandler ?? handler ?? CreateHandler(HandlerPurpose.Download, options.Proxy), options.UserAgent, disposeHandler: downloadHandler != null || handler == null);
        }

        public Uri BaseUri => _options.BaseUri;

        public AkoolAuthenticationMode AuthenticationMode => _authenticator.Mode;

        public AkoolClientOptions Options => _options;

        internal HttpClient Http { get; }

        internal HttpClient DownloadHttp { get; }

        // Repeated only after an answer that means "not processed" (HTTP 429/503, code 1005, a refused connection);
        // onRepeat hears each, since a gateway that breaks those rules could still have billed it.
        public async Task<VideoInfo> CreateTalkingPhotoAsync(TalkingPhotoRequest request, Action<string>? log, CancellationToken cancellationToken, Action<string>? onRepeat = null)
        {
            var body = new JObject
            {
                ["talking_photo_url"] = request.TalkingPhotoUrl,
                ["audio_url"] = request.AudioUrl,
            };
            if (request.WebhookUrl != null) body["webhookUrl"] = request.WebhookUrl;
            if (request.Resolution != null) body["resolution"] = request.Resolution;
            if (request.Prompt != null) body["prompt"] = request.Prompt;

            // Code 1000 without a usable data._id means Akool made the video but we cannot name it: an unknown
            // outcome (SendAsync turns a failed read of a create's answer into OutcomeUnknown), never a rejection.
            return await SendAsync(ApiCall.Create("create talking photo", CreatePath, body, "video"),
                answer => VideoInfo.FromData(answer["data"]), log, cancellationToken, onRepeat).ConfigureAwait(false);
        }

        public async Task<VideoInfo> GetVideoAsync(string id, Action<string>? log, CancellationToken cancellationToken)
        {
            string path = InfoPath + "?video_model_id=" + Uri.EscapeDataString(id);
            return await SendAsync(ApiCall.Get("video info " + id, path), answer => VideoInfo.FromData(answer["data"]), log, cancellationToken).ConfigureAwait(false);
        }

        public async Task<decimal> GetCreditAsync(Action<string>? log, CancellationToken cancellationToken)
        {
            return await SendAsync(ApiCall.Get("credit info", CreditPath), answer => JsonRead.Number(answer["data"]?["credit"])
                ?? throw new AkoolApiException(AkoolErrorKind.InvalidResponse, "Akool's credit answer has no number at data.credit."), log, cancellationToken).ConfigureAwait(false);
        }

        // A failure that is almost always the user's (refused, unknown host, TLS, proxy) gets one more try and then fails
        // at once, instead of the retries meant for a service in trouble.
        public async Task<decimal> VerifyAsync(Action<string>? log, CancellationToken cancellationToken)
        {
            bool outer = FirstContact.Value;
            FirstContact.Value = true;
            try
            {
                return await GetCreditAsync(log, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                FirstContact.Value = outer;
            }
        }

        internal static string AddressOf(Uri uri) => uri.Scheme + "://" + uri.Host + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);

        internal async Task<Secret> MintTokenAsync(string clientId, Secret clientSecret, CancellationToken cancellationToken)
        {
            var body = new JObject { ["clientId"] = clientId, ["clientSecret"] = clientSecret.Reveal() };
            return await SendAsync(ApiCall.Token(TokenPath, body), answer =>
            {
                string? token = answer["token"]?.Type == JTokenType.String ? (string?)answer["token"] : null;
                if (string.IsNullOrEmpty(token)) throw new AkoolApiException(AkoolErrorKind.InvalidResponse, "Akool's getToken answer has no token.");
                return Secret.ForHeader(token!, "the token from getToken");
            }, null, cancellationToken).ConfigureAwait(false);
        }

        // A code-1000 answer that read cannot use (it throws AkoolApiException) counts as an unreadable answer: retried
        // for a read, an unknown outcome for a create.
        internal async Task<T> SendAsync<T>(ApiCall call, Func<JObject, T> read, Action<string>? log, CancellationToken cancellationToken, Action<string>? onRepeat = null)
        {
            bool renewedCredential = false;
            int firstContactFailures = 0;
            // Every attempt of the call, and the sleeps between them, fit in one limit: nobody at a prompt waits
            // a request timeout per retry.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (int retry = 0; ; retry++)
            {
                int generation = 0;
                TimeSpan left = _options.OperationTimeout - clock.Elapsed;
                TimeSpan attemptTimeout = left < _options.RequestTimeout ? left : _options.RequestTimeout;
                (JObject? answer, AttemptFailure? failure) = await AttemptAsync(call, attemptTimeout, g => generation = g, cancellationToken).ConfigureAwait(false);
                if (answer != null)
                {
                    try
                    {
                        return read(answer);
                    }
                    catch (AkoolApiException unusable)
                    {
                        failure = Unreadable(call, unusable.Message + " (Akool answered code 1000)", 200, unusable);
                    }
                }

                AkoolApiException error = failure!.Error;
                TimeSpan delay;
                using (failure.Response)
                {
                    if (error.AkoolCode == AkoolErrorCodes.InvalidToken && call.Authenticated && !renewedCredential
                        && await _authenticator.RenewAsync(generation, this, cancellationToken).ConfigureAwait(false))
                    {
                        // Akool tokens expire without warning and cannot be refreshed: mint a new one, and repeat once.
                        renewedCredential = true;
                        log?.Invoke($"Akool said the token is invalid or expired (1101) for {call.Name}; minted a new one and repeating the call once.");
                        retry--;
                        continue;
                    }

                    bool failFast = FirstContact.Value && failure.Network != null && failure.Network.LooksLikeUserMistake;
                    int firstContactRetries = Math.Min(FirstContactRetries, _options.Retry.MaximumRetryCount);
                    if (failFast && failure.Retryable && ++firstContactFailures > firstContactRetries) throw Unreachable(error, failure.Network!);
                    if (!failure.Retryable || (!failFast && retry >= _options.Retry.MaximumRetryCount)) throw failFast ? Unreachable(error, failure.Network!) : error;

                    delay = failFast ? FirstContactRetryDelay : _options.Retry.DelayFor(retry + 1, failure.Response);
                    if (clock.Elapsed + delay >= _options.OperationTimeout)
                    {
                        string limit = _options.OperationTimeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
                        throw new AkoolApiException(error.Kind, $"{error.Message} Gave up after {retry + 1} attempt(s): one call may take at most {limit} s.",
                            error.AkoolCode, error.AkoolMessage, error.HttpStatus, error.InnerException);
                    }
                    log?.Invoke(string.Format(CultureInfo.InvariantCulture,
                        "{0}: {1} Retry {2} of {3} in {4:0.0} s.", call.Name, error.Message,
                        failFast ? firstContactFailures : retry + 1, failFast ? firstContactRetries : _options.Retry.MaximumRetryCount, delay.TotalSeconds));
                    if (!call.Repeatable) onRepeat?.Invoke(error.Message);
                }
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<(JObject?, AttemptFailure?)> AttemptAsync(ApiCall call, TimeSpan attemptTimeout, Action<int> reportGeneration, CancellationToken cancellationToken)
        {
            using (var request = new HttpRequestMessage(call.Method, new Uri(_options.BaseUri, call.PathAndQuery)))
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                if (call.Body != null) request.Content = new StringContent(call.Body.ToString(Formatting.None), Encoding.UTF8, "application/json");
                if (call.Authenticated) reportGeneration(await _authenticator.ApplyAsync(request, this, cancellationToken).ConfigureAwait(false));

                timeout.CancelAfter(attemptTimeout > TimeSpan.Zero ? attemptTimeout : TimeSpan.Zero);
                HttpResponseMessage? response = null;
                string body;
                try
                {
                    response = await HttpTrace.SendAsync(Http, request, timeout.Token, cancellationToken).ConfigureAwait(false);
                    if (!response.IsSuccessStatusCode) return (null, FromHttpStatus(call, response));
                    body = await ReadBoundedAsync(response, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    response?.Dispose();
                    string seconds = attemptTimeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
                    Uri? proxy = _options.Proxy.ProxyFor(_options.BaseUri);
                    return (null, proxy == null
                        ? Lost(call, AkoolErrorKind.Timeout, $"Akool did not answer within {seconds} s.", null)
                        : Lost(call, AkoolErrorKind.ProxyUnavailable, $"No answer came through the proxy {AddressOf(proxy)} within {seconds} s (the proxy, or Akool behind it, did not answer).", null));
                }
                catch (Exception ex) when (ex is HttpRequestException || ex is IOException)
                {
                    response?.Dispose();
                    return (null, FromNetworkFailure(call, ex));
                }
                catch (Exception unreadable) when (unreadable is AkoolApiException || unreadable is InvalidDataException)
                {
                    // Too large, compressed in a way not asked for, or gzip that is not.
                    int answeredStatus = (int)(response?.StatusCode ?? 0);
                    response?.Dispose();
                    string reason = unreadable is AkoolApiException ? unreadable.Message : $"Akool's answer says it is gzip-compressed but is not (HTTP {answeredStatus}).";
                    return (null, Unreadable(call, reason, answeredStatus, unreadable));
                }

                using (response)
                {
                    return ParseEnvelope(call, body, (int)response.StatusCode);
                }
            }
        }

        private static (JObject?, AttemptFailure?) ParseEnvelope(ApiCall call, string body, int httpStatus)
        {
            JObject envelope;
            try
            {
                envelope = JObject.Parse(body);
            }
            catch (JsonException ex)
            {
                string start = body.TrimStart().StartsWith("<", StringComparison.Ordinal) ? "an HTML page" : "text that is not JSON";
                return (null, Unreadable(call, $"Akool answered with {start} instead of its JSON envelope (HTTP {httpStatus}).", httpStatus, ex));
            }

            JToken? codeToken = envelope["code"];
            if (codeToken == null || (codeToken.Type != JTokenType.Integer && codeToken.Type != JTokenType.String)
                || !int.TryParse(codeToken.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int code))
            {
                return (null, Unreadable(call, $"Akool's answer has no numeric 'code' (HTTP {httpStatus}).", httpStatus, null));
            }

            if (code == AkoolErrorCodes.Success) return (envelope, null);

            string? msg = envelope["msg"]?.Type == JTokenType.String ? (string?)envelope["msg"] : envelope["msg"]?.ToString(Formatting.None);
            AkoolErrorKind kind = AkoolErrorCodes.Classify(code);
            if (!call.Repeatable && !AkoolErrorCodes.IsKnownRefusal(code))
            {
                // Only a code Akool documents as a refusal proves no video was made; any other code after a create
                // (a new code, a proxy's invention) leaves the outcome unknown, so the row is never re-billed blindly.
                return (null, new AttemptFailure(new AkoolApiException(AkoolErrorKind.OutcomeUnknown,
                    $"Akool answered the create with code {code} ({msg}), which is not a documented refusal, so it may or may not have made (and billed) the {call.Made}; it was not sent again.",
                    code, msg, httpStatus), retryable: false));
            }
            var error = new AkoolApiException(kind, $"Akool answered code {code}: {msg}", code, msg, httpStatus);
            // 1005 means the request was refused before processing, so even a create may be sent again.
            // 1015/1201 ("try again later") are retried only where repeating is harmless.
            bool retryable = code == AkoolErrorCodes.FrequentOperation || (kind == AkoolErrorKind.ServerUnavailable && call.Repeatable);
            return (null, new AttemptFailure(error, retryable));
        }

        private AttemptFailure FromNetworkFailure(ApiCall call, Exception ex)
        {
            NetworkFailure network = NetworkFailure.Classify(ex);
            Uri? proxy = _options.Proxy.ProxyFor(_options.BaseUri);
            string target = AddressOf(_options.BaseUri);
            switch (network.Kind)
            {
                case NetworkFailureKind.ProxyAuthentication:
                    return new AttemptFailure(ProxyAuthenticationError(proxy, ex), retryable: false, network: network);
                case NetworkFailureKind.ProxyTunnel:
                    return new AttemptFailure(AkoolErrorKind.ServerUnavailable, $"The proxy {Describe(proxy)} could not open a tunnel to {target}: {network.Cause}.", retryable: true, inner: ex, network: network);
                case NetworkFailureKind.Tls:
                case NetworkFailureKind.Refused:
                case NetworkFailureKind.NameNotFound:
                case NetworkFailureKind.Unreachable:
                    // Nothing was sent, even for a create: the request is written only after the connection (and the
                    // TLS handshake) succeeds. A failed handshake is Akool's (the proxy only tunnels it).
                    if (proxy != null && network.Kind != NetworkFailureKind.Tls)
                    {
                        return new AttemptFailure(AkoolErrorKind.ProxyUnreachable, $"Could not connect to the proxy {AddressOf(proxy)} (on the way to {target}): {network.Cause}.", retryable: true, inner: ex, network: network);
                    }
                    return new AttemptFailure(AkoolErrorKind.ServerUnavailable, $"Could not connect to {target}: {network.Cause}.", retryable: true, inner: ex, network: network);
                default:
                    // A proxy that closes or answers what is not HTTP is the proxy's failure, named as such.
                    return proxy == null
                        ? Lost(call, AkoolErrorKind.ServerUnavailable, $"The connection failed before the answer was complete: {network.Cause}", ex, network)
                        : Lost(call, AkoolErrorKind.ProxyUnavailable, $"The connection through the proxy {AddressOf(proxy)} failed before the answer was complete: {network.Cause}", ex, network);
            }
        }

        private AkoolApiException ProxyAuthenticationError(Uri? proxy, Exception? inner)
        {
            string? sent = _options.Proxy.CredentialSentTo(_options.BaseUri);
            string given = sent != null ? "refused " + sent : "no credential was given";
            return new AkoolApiException(AkoolErrorKind.ProxyAuthentication,
                $"The proxy {Describe(proxy)} asked for authentication (HTTP 407) and {given}.", httpStatus: 407, innerException: inner);
        }

        private static string Describe(Uri? proxy) => proxy == null ? "in the way" : AddressOf(proxy);

        private AkoolApiException Unreachable(AkoolApiException last, NetworkFailure network)
        {
            if (last.Kind == AkoolErrorKind.ProxyUnreachable || last.Kind == AkoolErrorKind.ProxyAuthentication) return last;
            string message = network.Kind == NetworkFailureKind.ProxyTunnel
                ? last.Message
                : $"Could not connect to {AddressOf(_options.BaseUri)}: {network.Cause}.";
            return new AkoolApiException(AkoolErrorKind.Unreachable, message, httpStatus: last.HttpStatus, innerException: last.InnerException ?? last);
        }

        private AttemptFailure FromHttpStatus(ApiCall call, HttpResponseMessage response)
        {
            int status = (int)response.StatusCode;
            Uri? proxy = _options.Proxy.ProxyFor(_options.BaseUri);
            if (status == 407 && proxy != null)
            {
                // A plain-http request through a proxy that wants credentials (https gets it on the CONNECT instead).
                // With no proxy in the way a 407 is a status like any other that is not Akool's: it proves nothing.
                response.Dispose();
                return new AttemptFailure(ProxyAuthenticationError(proxy, null), retryable: false);
            }
            string reason = $"Akool answered HTTP {status} {response.ReasonPhrase}.";
            if (status >= 300 && status < 400)
            {
                string where = RedirectTarget(response);
                response.Dispose();
                string refused = $"Akool's address answered HTTP {status}, a redirect to {where}; API calls never follow redirects, so no credential or request went there.";
                if (!call.Repeatable)
                {
                    // The server may have made the video before answering with a redirect: nothing proves it did not.
                    return new AttemptFailure(AkoolErrorKind.OutcomeUnknown, refused + NotSentAgain(call), retryable: false, status);
                }
                return new AttemptFailure(AkoolErrorKind.Redirected, refused, retryable: false, status);
            }
            if (status == 429) return new AttemptFailure(AkoolErrorKind.Throttled, reason, retryable: true, status, response: response);
            if (status == 503)
            {
                // 503 comes before processing (an overloaded service or a load balancer), so even a create may repeat.
                return new AttemptFailure(AkoolErrorKind.ServerUnavailable, reason, retryable: true, status, response: response);
            }
            if (status >= 500)
            {
                response.Dispose();
                return call.Repeatable
                    ? new AttemptFailure(AkoolErrorKind.ServerUnavailable, reason, retryable: true, status)
                    : Lost(call, AkoolErrorKind.ServerUnavailable, reason, null);
            }
            response.Dispose();
            if (!call.Repeatable)
            {
                // Akool answers HTTP 200 even to errors; another status is not Akool's refusal (a gateway's, a
                // proxy's) and does not prove the create was not processed.
                return Lost(call, AkoolErrorKind.InvalidResponse, reason + " Akool always answers HTTP 200.", null);
            }
            // 408 (a proxy gave up waiting) is transient like a 5xx; other 4xx on a read will not change by repeating.
            return new AttemptFailure(AkoolErrorKind.InvalidResponse, reason + " Akool always answers HTTP 200.", retryable: status == 408, status);
        }

        private static string RedirectTarget(HttpResponseMessage response)
        {
            Uri? location = response.Headers.Location;
            if (location == null) return "an address it did not give";
            if (!location.IsAbsoluteUri) return "another path on the same host";
            return "'" + location.GetLeftPart(UriPartial.Authority) + "'";
        }

        // Not Akool's answer (HTML, no code, too large): a read retries it (a portal page passes); a create cannot know
        // whether a video was made.
        private static AttemptFailure Unreadable(ApiCall call, string reason, int httpStatus, Exception? inner) =>
            call.Repeatable
                ? new AttemptFailure(AkoolErrorKind.InvalidResponse, reason, retryable: true, httpStatus, inner)
                : Lost(call, AkoolErrorKind.InvalidResponse, reason, inner);

        private static AttemptFailure Lost(ApiCall call, AkoolErrorKind kind, string reason, Exception? inner, NetworkFailure? network = null) =>
            call.Repeatable
                ? new AttemptFailure(kind, reason, retryable: true, inner: inner, network: network)
                : new AttemptFailure(AkoolErrorKind.OutcomeUnknown, reason.TrimEnd('.') + "." + NotSentAgain(call), retryable: false, inner: inner, network: network);

        private static string NotSentAgain(ApiCall call) => $" The create was sent, so Akool may or may not have made (and billed) the {call.Made}; it was not sent again.";

        // A gzip answer (a gateway's habit; we never ask for it) is decompressed here and the cap counts decompressed bytes,
        // so a small answer cannot unfold into gigabytes. Any other encoding is refused by name, never parsed as garbage.
        private async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            long? declared = response.Content.Headers.ContentLength;
            if (declared > _options.MaximumAnswerBytes) throw TooLarge();
            bool gzip = IsGzip(response.Content.Headers.ContentEncoding);

            using (Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
            using (Stream stream = gzip ? new GZipStream(body, CompressionMode.Decompress) : body)
            using (var buffer = new MemoryStream())
            {
                // Counted as read, whatever was declared: a server may send more than it said.
                var chunk = new byte[4096];
                int read;
                while ((read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > _options.MaximumAnswerBytes) throw TooLarge();
                    buffer.Write(chunk, 0, read);
                }
                return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            }
        }

        private static bool IsGzip(ICollection<string> encodings)
        {
            var named = encodings.Where(e => !string.Equals(e, "identity", StringComparison.OrdinalIgnoreCase)).ToList();
            if (named.Count == 0) return false;
            if (named.Count == 1 && string.Equals(named[0], "gzip", StringComparison.OrdinalIgnoreCase)) return true;
            throw new AkoolApiException(AkoolErrorKind.InvalidResponse, $"Akool's answer is compressed as '{string.Join(", ", named)}', which was not asked for and cannot be read; only gzip is read.");
        }

        private AkoolApiException TooLarge()
        {
            int cap = _options.MaximumAnswerBytes;
            string size = cap % (1024 * 1024) == 0
                ? (cap / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + " MiB"
                : (cap / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KiB";
            return new AkoolApiException(AkoolErrorKind.InvalidResponse, $"Akool's answer is larger than {size}, which no Akool answer is; it was not read.");
        }

        private static HttpClient NewHttpClient(HttpMessageHandler handler, string userAgent, bool disposeHandler = true)
        {
            var http = new HttpClient(handler, disposeHandler)
            {
                // Per-request timeouts are ours (so a timeout can be told apart from Ctrl+C); downloads may take hours.
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
            http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
            return http;
        }

        internal enum HandlerPurpose
        {
            Api,
            Download,
        }

        internal static HttpClientHandler CreateHandler(HandlerPurpose purpose, ProxySettings? proxy = null)
        {
            var handler = new HttpClientHandler
            {
                // Compression is never asked for: API answers are a few hundred bytes. An answer compressed anyway
                // is still read (ReadBoundedAsync). A video is never decompressed: the file must be
                // exactly the bytes the server stores (see VideoDownloader).
                AutomaticDecompression = DecompressionMethods.None,
                // API calls carry the key (x-api-key, or the client secret in getToken's body): a redirect must
                // never take them elsewhere. Videos come from a CDN whose redirects are expected; downloads send no
                // credential. TLS validation is left as the platform does it.
                AllowAutoRedirect = purpose == HandlerPurpose.Download,
            };
            if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
            {
                // Windows PowerShell 5.1: older .NET Framework defaults may offer only TLS 1.0/1.1, which Akool refuses,
                // and allow 2 connections per host, which would serialise parallel work.
                ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
                if (ServicePointManager.DefaultConnectionLimit < MaximumConnections) ServicePointManager.DefaultConnectionLimit = MaximumConnections;
            }
            else
            {
                handler.MaxConnectionsPerServer = MaximumConnections;
            }
            (proxy ?? ProxySettings.SystemDefault).Apply(handler);
            TestCertificateTrust.Apply(handler);
            return handler;
        }

        public void Dispose()
        {
            Http.Dispose();
            DownloadHttp.Dispose();
            _authenticator.Dispose();
        }
    }
}
