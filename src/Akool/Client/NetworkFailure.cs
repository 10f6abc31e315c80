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

    internal sealed class NetworkFailure
    {
        private static readonly Regex StatusInMessage = new Regex(@"status code '?(\d{3})", RegexOptions.CultureInvariant);

        private NetworkFailure(NetworkFailureKind kind, string cause)
        {
            Kind = kind;
            Cause = cause;
        }

        public NetworkFailureKind Kind { get; }

        public string Cause { get; }

        public bool LooksLikeUserMistake => Kind != NetworkFailureKind.Other;

        public static NetworkFailure Classify(Exception exception)
        {
            for (Exception? e = exception; e != null; e = e.InnerException)
            {
                if (e is SocketException socket)
                {
                    switch (socket.SocketErrorCode)
                    {
                        case SocketError.ConnectionRefused:
                            return new NetworkFailure(NetworkFailureKind.Refused, "connection refused (nothing listens on that port)");
                        case SocketError.HostNotFound:
                        case SocketError.TryAgain:
                        case SocketError.NoData:
                            return new NetworkFailure(NetworkFailureKind.NameNotFound, "the host name was not found (DNS)");
                        case SocketError.HostUnreachable:
                        case SocketError.NetworkUnreachable:
                            return new NetworkFailure(NetworkFailureKind.Unreachable, "no route to the host");
                    }
                }
                if (e is AuthenticationException tls)
                {
                    return new NetworkFailure(NetworkFailureKind.Tls, "the TLS handshake failed: " + tls.Message);
                }
                if (e is WebException web)
                {
                    NetworkFailure? framework = FromWebException(web);
                    if (framework != null) return framework;
                }
                if (e is HttpRequestException http)
                {
                    NetworkFailure? tunnel = FromProxyTunnel(http);
                    if (tunnel != null) return tunnel;
                }
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

        private static NetworkFailure? FromWebException(WebException web)
        {
            switch (web.Status)
            {
                case WebExceptionStatus.ConnectFailure:
                    return new NetworkFailure(NetworkFailureKind.Refused, "the connection failed (nothing listens there, or a firewall refused it)");
                case WebExceptionStatus.NameResolutionFailure:
                case WebExceptionStatus.ProxyNameResolutionFailure:
                    return new NetworkFailure(NetworkFailureKind.NameNotFound, "the host name was not found (DNS)");
                case WebExceptionStatus.TrustFailure:
                case WebExceptionStatus.SecureChannelFailure:
                    return new NetworkFailure(NetworkFailureKind.Tls, "the TLS handshake failed: " + web.Message);
                case WebExceptionStatus.ProtocolError when (web.Response as HttpWebResponse)?.StatusCode == HttpStatusCode.ProxyAuthenticationRequired:
                    return new NetworkFailure(NetworkFailureKind.ProxyAuthentication, "the proxy asked for authentication (HTTP 407)");
                default:
                    return null;
            }
        }
    }
}
