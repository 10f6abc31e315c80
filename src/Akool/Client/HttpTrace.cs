using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Akool.Client
{
    // Never a header, a body or a query value not known to be harmless, so no credential or SAS can reach the line.
    internal static class HttpTrace
    {
        // Query values shown as sent: the API's own parameters. Any other (a CDN's signature, a SAS) is "***".
        private static readonly HashSet<string> HarmlessQuery = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "video_model_id", "type", "page", "size", "gender", "age", "style", "scenario", "name",
        };

        // Akool's contract names no request id; these common headers are shown when an answer carries one.
        private static readonly string[] RequestIdHeaders = { "x-request-id", "x-trace-id", "traceid" };

        // Ambient rather than a client setting: one connection's client serves every cmdlet of a pipeline at once, and a
        // token fetch is made on behalf of whichever call needed it, so the line must go to that call's cmdlet.
        public static readonly AsyncLocal<Action<string>?> Sink = new AsyncLocal<Action<string>?>();

        // stopping tells a Ctrl+C from a timeout of token.
        public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken token, CancellationToken stopping)
        {
            Action<string>? sink = Sink.Value;
            if (sink == null) return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            try
            {
                HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
                string? id = RequestIdHeaders.Select(h => response.Headers.TryGetValues(h, out IEnumerable<string>? v) ? v.FirstOrDefault() : null).FirstOrDefault(v => !string.IsNullOrEmpty(v));
                sink(Line(request, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), clock, id));
                return response;
            }
            catch (Exception ex)
            {
                sink(Line(request, FailureName(ex, stopping), clock, null));
                throw;
            }
        }

        private static string Line(HttpRequestMessage request, string outcome, Stopwatch clock, string? requestId)
        {
            Uri uri = request.RequestUri!;
            string query = string.Join("&", uri.Query.TrimStart('?').Split('&').Where(pair => pair.Length > 0).Select(pair =>
            {
                int equals = pair.IndexOf('=');
                return equals < 0 || HarmlessQuery.Contains(pair.Substring(0, equals)) ? pair : pair.Substring(0, equals) + "=***";
            }));
            // A header value is the server's text: kept short and printable.
            string id = requestId == null ? string.Empty : " request id " + new string(requestId.Take(64).Select(c => c > ' ' && c < '\u007f' ? c : '?').ToArray());
            return string.Format(CultureInfo.InvariantCulture, "HTTP {0} {1}{2}{3}: {4} in {5} ms{6}",
                request.Method, uri.Authority, uri.AbsolutePath, query.Length > 0 ? "?" + query : string.Empty, outcome, clock.ElapsedMilliseconds, id);
        }

        // One word, never a message: the platform's text about a proxy may quote its address.
        private static string FailureName(Exception ex, CancellationToken stopping)
        {
            if (ex is OperationCanceledException) return stopping.IsCancellationRequested ? "Cancelled" : "Timeout";
            NetworkFailureKind kind = NetworkFailure.Classify(ex).Kind;
            if (kind != NetworkFailureKind.Other) return kind.ToString();
            while (ex.InnerException != null) ex = ex.InnerException;
            return ex.GetType().Name;
        }
    }
}
