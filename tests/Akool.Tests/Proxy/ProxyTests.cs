using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Emulator;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Proxy
{
    /// <summary>Connect-Akool's -Proxy, -ProxyCredential, -NoProxy and the environment's proxy, through a real forward proxy on loopback.</summary>
    public sealed class ProxyTests
    {
        private const string ProxyUser = "proxy-user";
        private const string ProxyPassword = "proxy-pass-7f3a9c";

        // Makes a PSCredential without ConvertTo-SecureString, which the hosted engine lacks.
        private static string Credential(string password) =>
            "$pw = [System.Security.SecureString]::new(); foreach ($c in '" + password + "'.ToCharArray()) { $pw.AppendChar($c) }\n" +
            "$proxyCredential = [pscredential]::new('" + ProxyUser + "', $pw)\n";

        [Fact]
        public async Task ApiCallsAndTheDownloadGoThroughTheProxyGivenWithMinusProxy()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            await using var proxy = new LoopbackProxy();

            ScriptResult result = context.Run(
                "Connect-Akool -BaseUri $baseUri -ApiKey $apiKey -Proxy $proxy\n" +
                ModuleTestContext.Rows(1) +
                "$rows | New-AkoolTalkingPhoto | Wait-AkoolVideo -PollInterval 0.5 | Save-AkoolVideo -Destination ./videos | Out-Null\n" +
                "Get-AkoolConnection",
                new() { ["proxy"] = proxy.Address });

            Assert.True(result.Errors.Count == 0, string.Join("; ", result.Errors));
            AkoolConnection connection = Assert.Single(result.OutputOf<AkoolConnection>());
            Assert.Equal(AkoolProxyMode.Explicit, connection.ProxyMode);
            Assert.Equal(proxy.Address, connection.Proxy);
            Assert.Single(context.Videos());

            // Every request the emulator answered came through the proxy, as an absolute URI (the emulator is plain http).
            string[] targets = proxy.Requests.Select(r => r.Target).ToArray();
            Assert.Contains(targets, t => t.Contains("/quota/info", StringComparison.Ordinal));
            Assert.Contains(targets, t => t.Contains("createbytalkingphoto", StringComparison.Ordinal));
            Assert.Contains(targets, t => t.Contains("infobymodelid", StringComparison.Ordinal));
            Assert.Contains(targets, t => t.Contains("/videos/", StringComparison.Ordinal) && t.EndsWith(".mp4", StringComparison.Ordinal));
            Assert.All(proxy.Requests, r => Assert.StartsWith(context.Emulator.BaseUri.AbsoluteUri.TrimEnd('/'), r.Target, StringComparison.Ordinal));
            Assert.Equal(context.Emulator.Requests.Count, proxy.Requests.Count);
        }

        [Fact]
        public async Task ProxyCredentialAnswersTheProxysChallengeAndTheConnectionShowsTheUserNeverThePassword()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            await using var proxy = new LoopbackProxy(ProxyUser, ProxyPassword);

            ScriptResult result = context.Run(
                "$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'\n" + Credential(ProxyPassword) +
                "Connect-Akool -BaseUri $baseUri -ApiKey $apiKey -Proxy $proxy -ProxyCredential $proxyCredential -PassThru\n" +
                "Get-AkoolCredit\n" +
                "Get-AkoolConnection | Out-Default\n" +
                "(Get-AkoolConnection).PSObject.Properties | ForEach-Object { \"$($_.Name)=$($_.Value)\" }\n" +
                "[System.Management.Automation.PSSerializer]::Serialize((Get-AkoolConnection), 5)",
                new() { ["proxy"] = proxy.Address });

            Assert.True(result.Errors.Count == 0, string.Join("; ", result.Errors));
            AkoolConnection connection = Assert.IsType<AkoolConnection>(result.Output[0].BaseObject);
            Assert.Equal(ProxyUser, connection.ProxyUserName);
            Assert.Single(result.OutputOf<AkoolCredit>());
            // 407 first (no credential is sent before the proxy asks), then the credential, and every challenge
            // (.NET answers one per new connection) is followed by an authorized request, never by another 407.
            IReadOnlyList<ProxiedRequest> seen = proxy.Requests;
            Assert.False(seen[0].Authorized);
            Assert.True(seen[1].Authorized);
            Assert.True(seen.Zip(seen.Skip(1)).All(pair => pair.First.Authorized || pair.Second.Authorized), string.Join(", ", seen.Select(r => r.Authorized)));
            Assert.True(seen.Count(r => r.Authorized) >= 2);
            Assert.DoesNotContain(ProxyPassword, result.AllText());
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task AMissingOrWrongProxyCredentialFailsOnceWithProxyAuthenticationRequired(bool wrongCredential)
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            await using var proxy = new LoopbackProxy(ProxyUser, ProxyPassword);
            string credential = wrongCredential ? Credential("not-the-password") : string.Empty;

            var clock = Stopwatch.StartNew();
            ScriptResult result = context.Run(
                credential + "Connect-Akool -BaseUri $baseUri -ApiKey $apiKey -Proxy $proxy" + (wrongCredential ? " -ProxyCredential $proxyCredential" : string.Empty),
                new() { ["proxy"] = proxy.Address });
            clock.Stop();

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("AkoolProxyAuthenticationRequired", result.ErrorIds.Single());
            Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
            Assert.Contains("Pass -ProxyCredential", error.Exception.Message, StringComparison.Ordinal);
            // Never a loop of 407s: the one challenge, plus at most the one answer .NET gives it with the wrong credential.
            Assert.InRange(proxy.Requests.Count, 1, wrongCredential ? 2 : 1);
            Assert.Empty(context.Emulator.Requests);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed.TotalSeconds:0.00} s");
            Assert.DoesNotContain("not-the-password", result.AllText());
            Assert.Empty(context.Run("Get-AkoolConnection -ErrorAction SilentlyContinue").Output);
        }

        [Fact]
        public async Task AProxyThatRefusesConnectionsFailsFastWithProxyUnreachable()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            Uri closed = LoopbackProxy.ClosedAddress();

            var clock = Stopwatch.StartNew();
            ScriptResult result = context.Run("Connect-Akool -BaseUri $baseUri -ApiKey $apiKey -Proxy $proxy", new() { ["proxy"] = closed });
            clock.Stop();

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("AkoolProxyUnreachable", result.ErrorIds.Single());
            Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
            Assert.Contains("127.0.0.1:" + closed.Port, error.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed.TotalSeconds:0.00} s");
            Assert.Empty(context.Emulator.Requests);
        }

        [Theory]
        [InlineData("-NoProxy -Proxy $proxy")]
        [InlineData("-NoProxy -ProxyUseDefaultCredentials")]
        [InlineData("-ProxyCredential $proxyCredential")]
        [InlineData("-ProxyUseDefaultCredentials")]
        [InlineData("-Proxy $proxy -ProxyCredential $proxyCredential -ProxyUseDefaultCredentials")]
        public async Task ProxyParametersFollowInvokeRestMethodsRules(string parameters)
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();

            ScriptResult result = context.Run(Credential(ProxyPassword) + "Connect-Akool -BaseUri $baseUri -ApiKey $apiKey " + parameters,
                new() { ["proxy"] = new Uri("http://proxy.example.com:3128") });

            Assert.Equal(new[] { "AkoolProxyParameterConflict" }, result.ErrorIds);
            Assert.Equal(ErrorCategory.InvalidArgument, result.Errors[0].CategoryInfo.Category);
            Assert.Empty(context.Emulator.Requests);
        }

        [Fact]
        public async Task AProxyAddressWithAPasswordInItIsRefusedWithoutShowingIt()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();

            ScriptResult result = context.Run("Connect-Akool -BaseUri $baseUri -ApiKey $apiKey -Proxy 'http://alice:" + ProxyPassword + "@proxy.example.com:3128'");

            Assert.Equal(new[] { "AkoolInvalidArgument" }, result.ErrorIds);
            Assert.DoesNotContain(ProxyPassword, result.AllText());
        }

        [Fact]
        public async Task HttpsTravelsInsideTheConnectTunnelSoTheProxyNeverSeesTheKey()
        {
            // The emulator speaks plain http, so the TLS handshake inside the tunnel fails; what matters here is
            // what the proxy saw before that: a CONNECT naming only host and port, and no key anywhere.
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            await using var proxy = new LoopbackProxy();
            var https = new Uri("https://127.0.0.1:" + context.Emulator.BaseUri.Port + "/");

            ScriptResult result = context.Run("Connect-Akool -BaseUri $https -ApiKey $apiKey -Proxy $proxy",
                new() { ["proxy"] = proxy.Address, ["https"] = https });

            Assert.NotEmpty(proxy.Requests);
            ProxiedRequest connect = proxy.Requests[0];
            Assert.Equal("CONNECT", connect.Method);
            Assert.Equal("127.0.0.1:" + https.Port, connect.Target);
            Assert.All(proxy.Requests, r => Assert.Equal("CONNECT", r.Method));
            Assert.DoesNotContain("x-api-key", proxy.CapturedText, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(context.Emulator.Options.ApiKey, proxy.CapturedText, StringComparison.Ordinal);
            // The TLS failure is the user's kind of mistake: it fails fast, naming the address.
            Assert.Equal(new[] { "AkoolEndpointUnreachable" }, result.ErrorIds);
            Assert.Contains("https://127.0.0.1:" + https.Port, result.Errors[0].ErrorDetails.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task AFreshProcessUsesHttpProxyFromTheEnvironment()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync(new EmulatorOptions { QueueTime = TimeSpan.Zero, ProcessingTime = TimeSpan.FromMilliseconds(200) });
            await using var proxy = new LoopbackProxy();

            ChildResult child = await RunChildAsync(emulator,
                "Connect-Akool -BaseUri $env:AKOOL_TEST_BASE -ApiKey $env:AKOOL_TEST_KEY\n" +
                "$c = Get-AkoolConnection; \"mode=$($c.ProxyMode) proxy=$($c.Proxy)\"\n" +
                "[pscustomobject]@{ talking_photo_url = 'https://img.example.com/a.jpg'; audio_url = 'https://audio.example.com/a.mp3' } | New-AkoolTalkingPhoto | ForEach-Object { \"created=$($_.Id)\" }",
                new Dictionary<string, string?> { ["HTTP_PROXY"] = proxy.Address.AbsoluteUri });

            Assert.True(child.ExitCode == 0, child.StandardOutput + child.StandardError);
            Assert.Contains("mode=Default proxy=" + proxy.Address.AbsoluteUri, child.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("created=", child.StandardOutput, StringComparison.Ordinal);
            Assert.Contains(proxy.Requests, r => r.Target.Contains("/quota/info", StringComparison.Ordinal));
            Assert.Contains(proxy.Requests, r => r.Target.Contains("createbytalkingphoto", StringComparison.Ordinal));
            Assert.Equal(1, emulator.CreateCount);
        }

        [Fact]
        public async Task AProxyRefusingTheCredentialInHttpProxyIsNotSaidToHaveBeenGivenNone()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            await using var proxy = new LoopbackProxy(ProxyUser, ProxyPassword);
            const string WrongPassword = "wrong-pass-5d1e";

            ChildResult child = await RunChildAsync(emulator,
                "try { Connect-Akool -BaseUri $env:AKOOL_TEST_BASE -ApiKey $env:AKOOL_TEST_KEY -ErrorAction Stop; 'connected' }\n" +
                "catch { \"id=$($_.FullyQualifiedErrorId)\"; \"msg=$($_.ErrorDetails.Message)\" }",
                new Dictionary<string, string?> { ["HTTP_PROXY"] = "http://" + ProxyUser + ":" + WrongPassword + "@127.0.0.1:" + proxy.Address.Port + "/" });

            Assert.True(child.ExitCode == 0, child.StandardOutput + child.StandardError);
            Assert.Contains("id=AkoolProxyAuthenticationRequired", child.StandardOutput, StringComparison.Ordinal);
            Assert.Contains(proxy.Requests, r => r.Head.Contains("Proxy-Authorization", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain("no credential", child.StandardOutput, StringComparison.Ordinal);
            Assert.Contains(ProxyUser, child.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain(WrongPassword, child.StandardOutput + child.StandardError, StringComparison.Ordinal);
            Assert.Empty(emulator.Requests);
        }

        [Fact]
        public async Task NoProxyBypassesTheEnvironmentProxy()
        {
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync();
            await using var proxy = new LoopbackProxy();

            ChildResult child = await RunChildAsync(emulator,
                "Connect-Akool -BaseUri $env:AKOOL_TEST_BASE -ApiKey $env:AKOOL_TEST_KEY -NoProxy\n" +
                "$c = Get-AkoolConnection; \"mode=$($c.ProxyMode) proxy=[$($c.Proxy)]\"\n" +
                "(Get-AkoolCredit).Credit",
                new Dictionary<string, string?> { ["HTTP_PROXY"] = proxy.Address.AbsoluteUri, ["HTTPS_PROXY"] = proxy.Address.AbsoluteUri });

            Assert.True(child.ExitCode == 0, child.StandardOutput + child.StandardError);
            Assert.Contains("mode=None proxy=[]", child.StandardOutput, StringComparison.Ordinal);
            Assert.Empty(proxy.Requests);
            Assert.Equal(2, emulator.Requests.Count(r => r.Endpoint == EmulatorEndpoints.Credit));
        }

        private static async Task<ChildResult> RunChildAsync(AkoolEmulator emulator, string script, Dictionary<string, string?> environment)
        {
            string folder = Path.Combine(Path.GetTempPath(), "akool-child-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            try
            {
                string file = Path.Combine(folder, "runbook.ps1");
                await File.WriteAllTextAsync(file, script);
                environment["AKOOL_TEST_BASE"] = emulator.BaseUri.AbsoluteUri;
                environment["AKOOL_TEST_KEY"] = emulator.Options.ApiKey;
                return await ChildProcess.RunAsync(ChildProcess.TestHostDll, new[] { "run-script", file }, environment);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
