using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Akool.Emulator;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Commands
{
    /// <summary>Connect-Akool in every auth mode, wrong credentials, and secrets that never show.</summary>
    public sealed class ConnectAkoolTests
    {
        // Makes a SecureString without ConvertTo-SecureString, which the hosted engine lacks.
        private const string SecureKey = "$secure = [System.Security.SecureString]::new(); foreach ($c in $apiKey.ToCharArray()) { $secure.AppendChar($c) }\n";
        private const string Noisy = "$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'\n";

        public static IEnumerable<object[]> WorkingModes() => new[]
        {
            new object[] { "ApiKey plain", "Connect-Akool -BaseUri $baseUri -ApiKey $apiKey", "ApiKey" },
            new object[] { "ApiKey secure", SecureKey + "Connect-Akool -BaseUri $baseUri -ApiKey $secure", "ApiKey" },
            new object[] { "ClientCredentials", "Connect-Akool -BaseUri $baseUri -ClientId $clientId -ClientSecret $clientSecret", "Bearer" },
            new object[] { "Credential", "$apiKey = $clientSecret\n" + SecureKey + "Connect-Akool -BaseUri $baseUri -Credential ([pscredential]::new($clientId, $secure))", "Bearer" },
        };

        [Theory]
        [MemberData(nameof(WorkingModes))]
        public async Task EachAuthModeConnectsAndSendsExactlyOneCredentialHeader(string mode, string connect, string expectedAuth)
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();

            ScriptResult result = context.Run(Noisy + connect + " -PassThru\nGet-AkoolCredit");

            Assert.True(result.Errors.Count == 0, mode + ": " + string.Join("; ", result.Errors));
            Assert.Single(result.OutputOf<AkoolConnection>());
            Assert.Equal(context.Emulator.Credit, Assert.Single(result.OutputOf<AkoolCredit>()).Credit);
            var apiCalls = context.Emulator.Requests.Where(r => r.Endpoint == EmulatorEndpoints.Credit).ToList();
            Assert.NotEmpty(apiCalls);
            Assert.All(apiCalls, r => Assert.Equal(expectedAuth, r.AuthKind));
            AssertNoSecret(result, context);
        }

        [Fact]
        public async Task OperationTimeoutBoundsEveryLaterCallOfTheConnection()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();

            ScriptResult result = context.Run("Connect-Akool -BaseUri $baseUri -ApiKey $apiKey -PassThru\nConnect-Akool -BaseUri $baseUri -ApiKey $apiKey -OperationTimeoutSec 7 -PassThru");

            Assert.Empty(result.Errors);
            AkoolConnection[] connections = result.OutputOf<AkoolConnection>().ToArray();
            Assert.Equal(TimeSpan.FromSeconds(120), connections[0].Client.Options.OperationTimeout);
            Assert.Equal(TimeSpan.FromSeconds(7), connections[1].Client.Options.OperationTimeout);
        }

        [Fact]
        public async Task TokenModeUsesAnAlreadyMintedToken()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            string token = await MintAsync(context.Emulator);

            ScriptResult result = context.Run(Noisy + "Connect-Akool -BaseUri $baseUri -Token $token\nGet-AkoolCredit", new() { ["token"] = token });

            Assert.Empty(result.Errors);
            Assert.Single(result.OutputOf<AkoolCredit>());
            Assert.DoesNotContain(token, result.AllText());
        }

        [Fact]
        public async Task EnvironmentVariablesAreReadWhenNoCredentialIsGiven()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            Environment.SetEnvironmentVariable("AKOOL_API_HOST", context.Emulator.BaseUri.ToString());
            Environment.SetEnvironmentVariable("AKOOL_API_KEY", context.Emulator.Options.ApiKey);
            try
            {
                ScriptResult result = context.Run("Connect-Akool -PassThru");

                Assert.Empty(result.Errors);
                var connection = Assert.Single(result.OutputOf<AkoolConnection>());
                Assert.Equal(context.Emulator.BaseUri, connection.BaseUri);
                Assert.Equal(Akool.Client.AkoolAuthenticationMode.ApiKey, connection.AuthenticationMode);
            }
            finally
            {
                Environment.SetEnvironmentVariable("AKOOL_API_HOST", null);
                Environment.SetEnvironmentVariable("AKOOL_API_KEY", null);
            }
        }

        public static IEnumerable<object[]> WrongCredentials() => new[]
        {
            new object[] { "Connect-Akool -BaseUri $baseUri -ApiKey 'wrong-key-000000000000000000000001'", "wrong-key-000000000000000000000001" },
            new object[] { "Connect-Akool -BaseUri $baseUri -ClientId $clientId -ClientSecret 'wrong-secret-0000000000000000000002'", "wrong-secret-0000000000000000000002" },
            new object[] { "Connect-Akool -BaseUri $baseUri -Token 'wrong-token-00000000000000000000003'", "wrong-token-00000000000000000000003" },
        };

        [Theory]
        [MemberData(nameof(WrongCredentials))]
        public async Task WrongCredentialsFailWithAuthenticationErrorAndNeverShowTheSecret(string connect, string secret)
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();

            ScriptResult result = context.Run(Noisy + connect);

            var error = Assert.Single(result.Errors);
            Assert.Equal("AkoolAuthenticationFailed", result.ErrorIds.Single());
            Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
            Assert.DoesNotContain(secret, result.AllText());
            Assert.Empty(context.Run("Get-AkoolConnection -ErrorAction SilentlyContinue").Output);
        }

        [Fact]
        public async Task AnExpiredTokenIsReMintedOnceAndTheCallRepeated()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run("Connect-Akool -BaseUri $baseUri -ClientId $clientId -ClientSecret $clientSecret");
            context.Emulator.ExpireAllTokens();

            ScriptResult result = context.Run("Get-AkoolCredit -Verbose");

            Assert.Empty(result.Errors);
            Assert.Single(result.OutputOf<AkoolCredit>());
            Assert.Equal(2, context.Emulator.Requests.Count(r => r.Endpoint == EmulatorEndpoints.Token));
            Assert.Contains(result.Verbose, v => v.Contains("1101", StringComparison.Ordinal));
        }

        [Fact]
        public async Task PlainHttpIsRefusedExceptForLoopback()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();

            ScriptResult result = context.Run("Connect-Akool -BaseUri 'http://api.example.com' -ApiKey $apiKey");

            Assert.Equal(new[] { "AkoolInsecureBaseUri" }, result.ErrorIds);
            Assert.Equal(ErrorCategory.SecurityError, result.Errors[0].CategoryInfo.Category);
            Assert.Empty(context.Emulator.Requests);
        }

        [Fact]
        public async Task ApiCmdletsWithoutAConnectionFailOnceSayingToRunConnectAkool()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run("Disconnect-Akool");

            ScriptResult result = context.Run(ModuleTestContext.Rows(3) + "$rows | New-AkoolTalkingPhoto");

            // One error for the whole pipeline, not one per row: it is terminating.
            Assert.Equal(new[] { "AkoolNotConnected" }, result.ErrorIds);
            Assert.Contains("Connect-Akool", result.Errors[0].ErrorDetails.Message);
            Assert.Equal(0, context.Emulator.CreateCount);
        }

        [Fact]
        public async Task TheConnectionObjectNeverCarriesTheSecret()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();

            ScriptResult result = context.Run(
                "$c = Connect-Akool -BaseUri $baseUri -ApiKey $apiKey -ClientId $clientId -PassThru\n" +
                "[System.Management.Automation.PSSerializer]::Serialize($c, 5)\n" + // what Export-Clixml writes
                "$c.ToString()\n" +
                "$c | Out-Default\n" +
                "$c.PSObject.Properties | ForEach-Object { \"$($_.Name)=$($_.Value)\" }");

            Assert.Empty(result.Errors);
            Assert.Contains(result.Output, o => o.ToString()!.Contains("<Objs", StringComparison.Ordinal));
            AssertNoSecret(result, context);
        }

        [Fact]
        public async Task CurrentConnectionIsReplacedAndDisconnectForgetsIt()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();

            Assert.Single(context.Run("Get-AkoolConnection").OutputOf<AkoolConnection>());
            context.Run("Disconnect-Akool");
            ScriptResult after = context.Run("Get-AkoolConnection");

            Assert.Empty(after.Output);
            Assert.Equal(new[] { "AkoolNotConnected" }, after.ErrorIds);
        }

        private static void AssertNoSecret(ScriptResult result, ModuleTestContext context)
        {
            string text = result.AllText();
            Assert.DoesNotContain(context.Emulator.Options.ApiKey, text);
            Assert.DoesNotContain(context.Emulator.Options.ClientSecret, text);
        }

        private static async Task<string> MintAsync(AkoolEmulator emulator)
        {
            using var http = new HttpClient { BaseAddress = emulator.BaseUri };
            string body = $"{{\"clientId\":\"{emulator.Options.ClientId}\",\"clientSecret\":\"{emulator.Options.ClientSecret}\"}}";
            using var response = await http.PostAsync("/api/open/v3/getToken", new StringContent(body, Encoding.UTF8, "application/json"));
            string json = await response.Content.ReadAsStringAsync();
            return System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("token").GetString()!;
        }
    }
}
