using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Akool.Client
{
    // Plain REST: the Azure SDK would conflict with Az modules loaded in the same session. Akool reads through a URL
    // that cannot write; the write SAS is held here only, and leaves only in storage requests.
    internal sealed class BlobContainer(string containerUrl, string writeQuery, string? readQuery)
    {
        // Azurite and every Azure region accept it. Since 2019-12-12 one Put Blob takes up to 5000 MiB, a hundred
        // times the largest input Akool takes (MediaSniffer's 50 MB), so Put Block / Put Block List are never needed.
        private const string StorageVersion = "2021-08-06";
        private const int BufferSize = 80 * 1024;

        // A storage account that takes the connection and then stalls must not hang the batch: an attempt gets this
        // plus a second for each 64 KiB (a 50 MB file: about 15 minutes), then counts as a transient failure.
        internal static TimeSpan AttemptFloor { get; set; } = TimeSpan.FromMinutes(2);
        private static readonly char[] QueryStart = { '?', '#' };
        private static readonly char[] Equal = { '=' };

        // The problem never quotes a SAS.
        public static BlobContainer? Parse(Uri upload, string? readSas, out string? problem)
        {
            problem = null;
            string container = Redact(upload.IsAbsoluteUri ? upload.AbsoluteUri : upload.OriginalString).TrimEnd('/');
            string writeSas = upload.IsAbsoluteUri ? upload.Query.TrimStart('?') : string.Empty;
            string? read = readSas?.Trim().TrimStart('?');
            if (!upload.IsAbsoluteUri || !(upload.Scheme == Uri.UriSchemeHttps || (upload.Scheme == Uri.UriSchemeHttp && upload.IsLoopback)))
            {
                problem = $"-UploadUri '{container}' is not an https URL (plain http only to this computer, for Azurite): a SAS must not travel in clear text.";
            }
            else if (Parameter(writeSas, "sig") == null)
            {
                problem = $"-UploadUri '{container}' carries no SAS signature; give the container's URL with a SAS that may create and write blobs (sp=cw).";
            }
            else if (read != null && (Parameter(read, "sig") == null || string.IsNullOrEmpty(Parameter(read, "sp")) || Parameter(read, "sp")!.Any(c => c != 'r')))
            {
                // Akool is handed this SAS: anything but read (or a stored policy whose rights the URL does not show) could let it write.
                problem = "-UploadReadSas must be a SAS that may only read: its sp= must be exactly 'r' (and be signed). Akool receives it with every file.";
            }
            return problem == null ? new BlobContainer(container, writeSas, read) : null;
        }

        public string BlobUrl(string blobName) => containerUrl + "/" + blobName;

        public string ReadUrl(string blobName) => readQuery == null ? BlobUrl(blobName) : BlobUrl(blobName) + "?" + readQuery;

        public async Task PutAsync(HttpClient http, RetryPolicy retry, string path, string blobName, string contentType, IDownloadProgress? progress, Action<string>? log, CancellationToken cancellationToken)
        {
            string shown = BlobUrl(blobName);
            TimeSpan attemptLimit = AttemptFloor + TimeSpan.FromSeconds(new FileInfo(path).Length / 65536.0);
            for (int attempt = 1; ; attempt++)
            {
                TimeSpan delay;
                using (var content = new FileContent(path, progress))
                using (var attemptEnds = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    attemptEnds.CancelAfter(attemptLimit);
                    try
                    {
                        using (var request = new HttpRequestMessage(HttpMethod.Put, shown + "?" + writeQuery) { Content = content })
                        {
                            request.Headers.Add("x-ms-blob-type", "BlockBlob");
                            request.Headers.Add("x-ms-version", StorageVersion);
                            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                            using (HttpResponseMessage response = await HttpTrace.SendAsync(http, request, attemptEnds.Token, cancellationToken).ConfigureAwait(false))
                            {
                                int status = (int)response.StatusCode;
                                if (response.StatusCode == HttpStatusCode.Created) return;
                                bool transient = status == 408 || status == 429 || status >= 500;
                                if (!transient || attempt > retry.MaximumRetryCount)
                                {
                                    AkoolErrorKind kind = status == 401 || status == 403 ? AkoolErrorKind.PermissionDenied : status == 404 ? AkoolErrorKind.NotFound : transient ? AkoolErrorKind.ServerUnavailable : AkoolErrorKind.InvalidArgument;
                                    throw new AkoolApiException(kind, $"Storage answered HTTP {status} ({response.ReasonPhrase}) to writing {shown}.", httpStatus: status);
                                }
                                log?.Invoke($"Storage answered HTTP {status} to writing {shown}; retrying.");
                                delay = retry.DelayFor(attempt, response);
                            }
                        }
                    }
                    catch (Exception ex) when ((ex is HttpRequestException || ex is IOException || ex is OperationCanceledException) && !cancellationToken.IsCancellationRequested)
                    {
                        if (ex is OperationCanceledException) ex = new TimeoutException($"no answer within {attemptLimit.TotalSeconds:0} s");
                        if (attempt > retry.MaximumRetryCount) throw new AkoolApiException(AkoolErrorKind.ServerUnavailable, $"Writing {shown} failed: {ex.Message}", innerException: ex);
                        log?.Invoke($"Writing {shown} failed ({ex.Message}); retrying.");
                        delay = retry.DelayFor(attempt, null);
                    }
                    progress?.Add(-content.Sent);
                }
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        // A SAS's sig= lives in the query.
        public static string Redact(string url)
        {
            int query = url.IndexOfAny(QueryStart);
            return query < 0 ? url : url.Substring(0, query);
        }

        private static string? Parameter(string query, string name) =>
            query.Split('&').Select(p => p.Split(Equal, 2)).Where(p => p.Length == 2 && p[0] == name).Select(p => Uri.UnescapeDataString(p[1])).FirstOrDefault();

        private sealed class FileContent(string path, IDownloadProgress? progress) : HttpContent
        {
            public long Sent { get; private set; }

            protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
            {
                using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true))
                {
                    var buffer = new byte[BufferSize];
                    int read;
                    while ((read = await file.ReadAsync(buffer, 0, buffer.Length).ConfigureAwait(false)) > 0)
                    {
                        await stream.WriteAsync(buffer, 0, read).ConfigureAwait(false);
                        Sent += read;
                        progress?.Add(read);
                    }
                }
            }

            protected override bool TryComputeLength(out long length)
            {
                length = new FileInfo(path).Length;
                return true;
            }
        }
    }
}
