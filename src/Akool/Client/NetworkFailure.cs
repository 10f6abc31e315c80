using System;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Reflection;
using System.Security.Authentication;
using System.Text.RegularExpressions;

namespace Akool.Client
{
    internal enum NetworkFailureKind
    {
        Other,
        Refused,
        NameNotFound,
        Unreachable,
        Tls,
        ProxyAuthentication,
        ProxyTunnel,
    }

    internal sealed record NetworkFailure(NetworkFailureKind Kind, string Cause)
    {
        private static readonly Regex StatusInMessage = new Regex(@"status code '?(\d{3})", RegexOptions.CultureInvariant);

        public bool LooksLikeUserMistake => Kind != NetworkFailureKind.Other;

        public static NetworkFailure Classify(Exception exception)
        {
            for (Exception? e = exception; e != null; e = e.InnerException)
            {
                NetworkFailure? found = e switch
                {
                    SocketException { SocketErrorCode: SocketError.ConnectionRefused } => new(NetworkFailureKind.Refused, "connection refused (nothing listens on that port)"),
                    SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData } => new(NetworkFailureKind.NameNotFound, "the host name was not found (DNS)"),
                    SocketException { SocketErrorCode: SocketError.HostUnreachable or SocketError.NetworkUnreachable } => new(NetworkFailureKind.Unreachable, "no route to the host"),
                    AuthenticationException tls => new(NetworkFailureKind.Tls, "the TLS handshake failed: " + tls.Message),
                    WebException web => FromWebException(web),
                    HttpRequestException http => FromProxyTunnel(http),
                    _ => null,
                };
                if (found != null) return found;
            }
            Exception innermost = exception;
            while (innermost.InnerException != null) innermost = innermost.InnerException;
            return new NetworkFailure(NetworkFailureKind.Other, innermost.Message);
        }

        private static NetworkFailure? FromProxyTunnel(HttpRequestException http)
        {
            object? error = http.GetType().GetProperty("HttpRequestError", BindingFlags.Public | BindingFlags.Instance)?.GetValue(http);
            bool tunnel = string.Equals(error?.ToString(), "ProxyTunnelError", StringComparison.Ordinal)
                || http.Message.IndexOf("proxy tunnel", StringComparison.OrdinalIgnoreCase) >= 0;
            if (!tunnel) return null;

            int? status = null;
            if (http.GetType().GetProperty("StatusCode", BindingFlags.Public | BindingFlags.Instance)?.GetValue(http) is HttpStatusCode code) status = (int)code;
            if (status == null)
            {
                Match match = StatusInMessage.Match(http.Message);
                if (match.Success) status = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            }
            if (status == 407) return new NetworkFailure(NetworkFailureKind.ProxyAuthentication, "the proxy asked for authentication (HTTP 407)");
            string answered = status.HasValue ? " (HTTP " + status.Value.ToString(CultureInfo.InvariantCulture) + ")" : string.Empty;
            return new NetworkFailure(NetworkFailureKind.ProxyTunnel, "the proxy could not open a tunnel to the host" + answered);
        }

        private static NetworkFailure? FromWebException(WebException web) => web.Status switch
        {
            WebExceptionStatus.ConnectFailure => new(NetworkFailureKind.Refused, "the connection failed (nothing listens there, or a firewall refused it)"),
            WebExceptionStatus.NameResolutionFailure or WebExceptionStatus.ProxyNameResolutionFailure => new(NetworkFailureKind.NameNotFound, "the host name was not found (DNS)"),
            WebExceptionStatus.TrustFailure or WebExceptionStatus.SecureChannelFailure => new(NetworkFailureKind.Tls, "the TLS handshake failed: " + web.Message),
            WebExceptionStatus.ProtocolError when (web.Response as HttpWebResponse)?.StatusCode == HttpStatusCode.ProxyAuthenticationRequired
                => new(NetworkFailureKind.ProxyAuthentication, "the proxy asked for authentication (HTTP 407)"),
            _ => null,
        };
    }
}
