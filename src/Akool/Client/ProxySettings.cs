using System;
using System.Net;
using System.Net.Http;
using System.Reflection;

namespace Akool.Client
{
    /// <summary>How a connection chooses its proxy, as <c>Invoke-RestMethod</c> offers it.</summary>
    public enum AkoolProxyMode
    {
        /// <summary>The platform's default proxy.</summary>
        Default,

        /// <summary>The proxy given with <c>-Proxy</c>, for every address (loopback included).</summary>
        Explicit,

        /// <summary>No proxy at all (<c>-NoProxy</c>), whatever the environment or the system says.</summary>
        None,
    }

    // Immutable, applied the same way to every handler the client makes: API calls and downloads alike, since videos
    // come from a CDN host that the same proxy must reach.
    internal sealed class ProxySettings(AkoolProxyMode mode, Uri? address, NetworkCredential? credential, bool useDefaultCredentials)
    {
        public static ProxySettings SystemDefault { get; } = new ProxySettings(AkoolProxyMode.Default, null, null, false);

        public static ProxySettings NoProxy { get; } = new ProxySettings(AkoolProxyMode.None, null, null, false);

        public AkoolProxyMode Mode { get; } = mode;

        public Uri? Address { get; } = address;

        public string? UserName => Credential?.UserName;

        public bool UseDefaultCredentials { get; } = useDefaultCredentials;

        internal NetworkCredential? Credential { get; } = credential;

        public static ProxySettings Explicit(Uri address, NetworkCredential? credential, bool useDefaultCredentials) =>
            new ProxySettings(AkoolProxyMode.Explicit, address, credential, useDefaultCredentials);

        public void Apply(HttpClientHandler handler)
        {
            switch (Mode)
            {
                case AkoolProxyMode.None:
                    handler.UseProxy = false;
                    break;
                case AkoolProxyMode.Explicit:
                    // As Invoke-RestMethod does: the given proxy is used for local addresses too.
                    var proxy = new WebProxy(Address!) { BypassProxyOnLocal = false };
                    if (Credential != null) proxy.Credentials = Credential;
                    else if (UseDefaultCredentials) proxy.UseDefaultCredentials = true;
                    handler.UseProxy = true;
                    handler.Proxy = proxy;
                    break;
                default:
                    // Proxy = null with UseProxy = true is the platform default (HttpClient.DefaultProxy on .NET,
                    // WebRequest.DefaultWebProxy on .NET Framework).
                    handler.UseProxy = true;
                    handler.Proxy = null;
                    break;
            }
        }

        // Without any user info; null when the request goes direct. Errors use it to tell a proxy's failure from the server's.
        public Uri? ProxyFor(Uri target)
        {
            switch (Mode)
            {
                case AkoolProxyMode.None:
                    return null;
                case AkoolProxyMode.Explicit:
                    return WithoutUserInfo(Address!);
                default:
                    IWebProxy? system = PlatformDefaultProxy();
                    if (system == null) return null;
                    try
                    {
                        if (system.IsBypassed(target)) return null;
                        Uri? through = system.GetProxy(target);
                        return through == null || UriEquals(through, target) ? null : WithoutUserInfo(through);
                    }
                    catch (Exception ex) when (!(ex is OutOfMemoryException))
                    {
                        // A broken system proxy configuration (for example a PAC script that fails) must not break
                        // the description of an error.
                        return null;
                    }
            }
        }

        // A user name at most, never a password; the platform's proxy may carry one (HTTP_PROXY=http://user:password@host).
        internal string? CredentialSentTo(Uri target)
        {
            switch (Mode)
            {
                case AkoolProxyMode.Explicit:
                    return Credential != null ? "the credential given for user " + UserName : UseDefaultCredentials ? "the default credentials" : null;
                case AkoolProxyMode.None:
                    return null;
                default:
                    Uri? proxy = ProxyFor(target);
                    NetworkCredential? sent;
                    try
                    {
                        sent = proxy == null ? null : PlatformDefaultProxy()?.Credentials?.GetCredential(proxy, "Basic");
                    }
                    catch (Exception ex) when (!(ex is OutOfMemoryException))
                    {
                        return null;
                    }
                    if (sent == null) return null;
                    return string.IsNullOrEmpty(sent.UserName) ? "the credential in the system's proxy setting" : "the credential in the system's proxy setting for user " + sent.UserName;
            }
        }

        // Without any secret, e.g. http://proxy:3128 (user alice).
        public override string ToString()
        {
            switch (Mode)
            {
                case AkoolProxyMode.None:
                    return "none";
                case AkoolProxyMode.Explicit:
                    string who = UserName != null ? " (user " + UserName + ")" : UseDefaultCredentials ? " (default credentials)" : string.Empty;
                    return WithoutUserInfo(Address!).AbsoluteUri + who;
                default:
                    return "the system default";
            }
        }

        // HttpClient.DefaultProxy on .NET Core 3.0 and later (not in netstandard2.0, so found by reflection),
        // WebRequest.DefaultWebProxy on .NET Framework.
        internal static IWebProxy? PlatformDefaultProxy()
        {
            PropertyInfo? property = typeof(HttpClient).GetProperty("DefaultProxy", BindingFlags.Public | BindingFlags.Static);
            if (property != null) return property.GetValue(null) as IWebProxy;
            return WebRequest.DefaultWebProxy;
        }

        internal static Uri WithoutUserInfo(Uri uri)
        {
            if (string.IsNullOrEmpty(uri.UserInfo)) return uri;
            var builder = new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty };
            return builder.Uri;
        }

        private static bool UriEquals(Uri a, Uri b) =>
            string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port && a.Scheme == b.Scheme;
    }
}
