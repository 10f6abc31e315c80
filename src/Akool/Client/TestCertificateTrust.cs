using System;
using System.Net.Http;
using System.Net.Security;

namespace Akool.Client
{
    // Lets tests trust one self-signed certificate (an https emulator); unset in real use. Only that certificate, and
    // only for its untrusted root: a name mismatch still fails.
    internal static class TestCertificateTrust
    {
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
