using System;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Emulator;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Proxy
{
    /// <summary>
    /// Over real TLS (the emulator with a self-signed certificate made here, trusted by its thumbprint only for these
    /// tests): through a proxy the key travels inside the CONNECT tunnel, and a certificate for another name fails fast.
    /// </summary>
    public sealed class TlsTests
    {
        private static X509Certificate2 SelfSigned(string dnsName, IPAddress? address)
        {
            using RSA key = RSA.Create(2048);
            var request = new CertificateRequest("CN=" + dnsName, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName(dnsName);
            if (address != null) names.AddIpAddress(address);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            using X509Certificate2 made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            // Through PFX, so the private key is usable by the TLS stack on every platform.
            return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null);
        }

        private static async Task<(ModuleTestContext Context, Uri Https)> StartHttpsAsync(X509Certificate2 certificate)
        {
            TestCertificateTrust.Thumbprint = certificate.Thumbprint;
            ModuleTestContext context = await ModuleTestContext.StartAsync(o =>
            {
                o.ServerCertificate = certificate;
            }, url: "https://127.0.0.1:0");
            return (context, context.Emulator.BaseUri);
        }

        [Fact]
        public async Task ThroughAProxyTheKeyTravelsOnlyInsideTheConnectTunnel()
        {
            using X509Certificate2 certificate = SelfSigned("localhost", IPAddress.Loopback);
            try
            {
                (ModuleTestContext context, Uri https) = await StartHttpsAsync(certificate);
                await using (context)
                await using (var proxy = new LoopbackProxy())
                {
                    Assert.Equal("https", https.Scheme);

                    ScriptResult result = context.Run(
                        "Connect-Akool -BaseUri $baseUri -ApiKey $apiKey -Proxy $proxy\n" +
                        ModuleTestContext.Rows(1) +
                        "$rows | New-AkoolTalkingPhoto | Wait-AkoolVideo -PollInterval 0.5 | Save-AkoolVideo -Destination ./videos | Out-Null",
                        new() { ["proxy"] = proxy.Address });

                    Assert.True(result.Errors.Count == 0, string.Join("; ", result.Errors));
                    Assert.Single(context.Videos());
                    Assert.NotEmpty(proxy.Requests);
                    Assert.All(proxy.Requests, r => Assert.Equal("CONNECT", r.Method));
                    Assert.All(proxy.Requests, r => Assert.Equal("127.0.0.1:" + https.Port, r.Target));
                    // The proxy carried the calls (the emulator saw them) but never saw the key or even the header name.
                    Assert.Contains(context.Emulator.Requests, r => r.Endpoint == EmulatorEndpoints.Create);
                    string captured = proxy.CapturedText;
                    Assert.True(captured.Length > 1000, "the proxy captured only " + captured.Length + " bytes");
                    Assert.DoesNotContain(context.Emulator.Options.ApiKey, captured, StringComparison.Ordinal);
                    Assert.DoesNotContain("x-api-key", captured, StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain("createbytalkingphoto", captured, StringComparison.Ordinal);
                }
            }
            finally
            {
                TestCertificateTrust.Thumbprint = null;
            }
        }

        [Fact]
        public async Task ACertificateForAnotherNameFailsFastNamingTheAddressAndTls()
        {
            using X509Certificate2 certificate = SelfSigned("akool.invalid", null);
            try
            {
                (ModuleTestContext context, Uri https) = await StartHttpsAsync(certificate);
                await using (context)
                {
                    var clock = Stopwatch.StartNew();
                    ScriptResult result = context.Run("Connect-Akool -BaseUri $baseUri -ApiKey $apiKey -NoProxy");
                    clock.Stop();

                    ErrorRecord error = Assert.Single(result.Errors);
                    Assert.Equal("AkoolEndpointUnreachable", result.ErrorIds.Single());
                    Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
                    Assert.Contains("https://127.0.0.1:" + https.Port, error.ErrorDetails.Message, StringComparison.Ordinal);
                    Assert.Contains("TLS", error.ErrorDetails.Message, StringComparison.Ordinal);
                    Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed.TotalSeconds:0.00} s");
                    Assert.DoesNotContain(context.Emulator.Requests, r => r.Endpoint == EmulatorEndpoints.Credit);
                }
            }
            finally
            {
                TestCertificateTrust.Thumbprint = null;
            }
        }
    }
}
