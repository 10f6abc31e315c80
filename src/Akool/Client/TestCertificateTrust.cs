using System;
using System.Net.Http;
using System.Net.Security;

namespace Akool.Client
{
    /// <summary>
    /// Lets the test suite trust one self-signed certificate it made (an https emulator), so the module can be
    /// tested over real TLS. Internal and unset in every real use: then the platform validates certificates as it
    /// always does. Even when set, only that one certificate is trusted, and only for its untrusted root: a name
    /// mismatch still fails.
    /// </summary>
    internal static class TestCertificateTrust
    {
        /// <summary>The thumbprint of the one certificate to trust; null (the default) trusts nothing extra.</summary>
        public static string? Thumbprint { get; set; }

        public static void Apply(HttpClientHandler handler)
        {
            string? thumbprint = Thumbprint;
            if (thumbprint == null) return;
            handler.ServerCertificateCustomValidationCallback = (request, certificate, chain, errors) =>
                errors == SslPolicyErrors.None
                || (errors == SslPolicyErrors.RemoteCertificateChainErrors && certificate != null
                    && string.Equals(certificate.Thumbprint, thumbprint, StringComparison.OrdinalIgnoreCase));
        }
    }
}
