using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Akool.Client;
using Akool.Tests.Harness;
using Akool.Webhooks;
using Xunit;

namespace Akool.Tests.Webhooks
{
    /// <summary>
    /// Issue 12, #12: no decryption oracle (one failure for every payload problem), a size cap before parsing, and
    /// events recognised when they come again (Akool's retries, or a replay re-signed with a fresh timestamp).
    /// </summary>
    public sealed class WebhookHardeningTests : IDisposable
    {
        private const string ClientId = "hard_Client_0001";
        private const string Secret = "Hard-Secret-0123456789abcdefghij";
        private const string Plain = "{\"_id\":\"64ee00000000000000000abc\",\"status\":3,\"type\":\"talking photo\",\"url\":\"https://cdn.example/v/abc.mp4\"}";
        private readonly PowerShellSession _session = PowerShellSession.Start();

        public WebhookHardeningTests() => WebhookReplayGuard.Forget();

        public void Dispose()
        {
            _session.Dispose();
            WebhookReplayGuard.Forget();
        }

        private static string Signed(string dataEncrypt, DateTimeOffset? at = null)
        {
            string timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            return WebhookVectors.Body(WebhookVectors.Sign(ClientId, timestamp, "n1", dataEncrypt), dataEncrypt, timestamp, "n1");
        }

        private static string EncryptBytes(byte[] plain, string secret = Secret)
        {
            byte[] iv = new byte[16];
            Array.Copy(Encoding.UTF8.GetBytes(ClientId), iv, 16);
            using Aes aes = Aes.Create();
            aes.Key = Encoding.UTF8.GetBytes(secret);
            return Convert.ToBase64String(aes.EncryptCbc(plain, iv, PaddingMode.PKCS7));
        }

        private static WebhookVerificationException Rejected(string body)
        {
            using var key = new Secret(Secret);
            return Assert.Throws<WebhookVerificationException>(() =>
                WebhookVerifier.Verify(WebhookCallback.Parse(body), ClientId, key, WebhookVerifier.DefaultMaxAge, DateTimeOffset.UtcNow));
        }

        public static IEnumerable<object[]> PayloadProblems() => new[]
        {
            new object[] { "not base64", "!!!not-base64!!!" },
            new object[] { "not whole blocks", Convert.ToBase64String(new byte[20]) },
            new object[] { "bad padding", Convert.ToBase64String(new byte[32]) },
            new object[] { "another key", EncryptBytes(Encoding.UTF8.GetBytes(Plain), "Another-Secret-0123456789abcdefg") },
            new object[] { "not UTF-8", EncryptBytes(new byte[] { 0x7B, 0xC3, 0x28, 0xFF, 0xFE, 0x7D }) },
            new object[] { "not JSON", EncryptBytes(Encoding.UTF8.GetBytes("hello, world")) },
            new object[] { "no _id", EncryptBytes(Encoding.UTF8.GetBytes("{\"status\":3}")) },
            new object[] { "empty _id", EncryptBytes(Encoding.UTF8.GetBytes("{\"_id\":\"\",\"status\":3}")) },
        };

        [Theory]
        [MemberData(nameof(PayloadProblems))]
        public void EveryPayloadProblemLooksTheSameToTheSender(string problem, string dataEncrypt)
        {
            WebhookVerificationException error = Rejected(Signed(dataEncrypt));

            Assert.True(error.Failure == WebhookFailure.DecryptionFailed, problem);
            Assert.Equal(WebhookVerifier.UniformDecryptionMessage, error.Message);
            Assert.Null(error.InnerException);
        }

        [Fact]
        public void TheExceptionAReceiverSeesIsTheSameForABadPaddingAndAWrongKey()
        {
            // A receiver that logs or answers $_.Exception.ToString() must not rebuild the padding oracle.
            ScriptResult result = _session.Run(
                "$bodies | ConvertFrom-AkoolWebhook -ClientId $clientId -ClientSecret $secret -ErrorAction SilentlyContinue -ErrorVariable rejected\n" +
                "$rejected | ForEach-Object { $_.Exception.ToString() }",
                new()
                {
                    ["bodies"] = new object[]
                    {
                        Signed(Convert.ToBase64String(new byte[32])),
                        Signed(EncryptBytes(Encoding.UTF8.GetBytes(Plain), "Another-Secret-0123456789abcdefg")),
                        Signed(EncryptBytes(Encoding.UTF8.GetBytes("hello, world"))),
                    },
                    ["clientId"] = ClientId,
                    ["secret"] = Secret,
                });

            string[] shown = result.Output.Select(o => o.ToString()!).ToArray();
            Assert.Equal(3, shown.Length);
            Assert.Single(shown.Distinct(StringComparer.Ordinal));
            Assert.DoesNotContain("padding", shown[0], StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("JSON", shown[0], StringComparison.Ordinal);
        }

        [Fact]
        public void AHugeBodyIsRefusedBeforeItIsParsed()
        {
            string huge = "{\"signature\":\"" + new string('a', 64 * 1024 * 1024) + "\"}";
            long before = GC.GetAllocatedBytesForCurrentThread();

            var error = Assert.Throws<WebhookVerificationException>(() => WebhookCallback.Parse(huge));

            Assert.Equal(WebhookFailure.Malformed, error.Failure);
            Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1024 * 1024);
        }

        [Fact]
        public void TheDetailOfAPayloadProblemIsShownOnlyWithDebug()
        {
            ScriptResult result = _session.Run("$DebugPreference = 'Continue'\nConvertFrom-AkoolWebhook $body -ClientId $clientId -ClientSecret $secret",
                new() { ["body"] = Signed(EncryptBytes(Encoding.UTF8.GetBytes("hello"))), ["clientId"] = ClientId, ["secret"] = Secret });

            Assert.Equal(new[] { "AkoolWebhookDecryptionFailed" }, result.ErrorIds);
            Assert.DoesNotContain("JSON", result.Errors[0].ErrorDetails.Message, StringComparison.Ordinal);
            Assert.Contains(result.Debug, d => d.Contains("JSON", StringComparison.Ordinal));
        }

        [Fact]
        public void AnEventIsPassedOnOnceEvenWhenReplayedWithAFreshTimestamp()
        {
            string data = WebhookVectors.Encrypt(ClientId, Secret, Plain);
            string first = Signed(data, DateTimeOffset.UtcNow.AddSeconds(-2));
            string replay = Signed(data);

            ScriptResult result = _session.Run("$bodies | ConvertFrom-AkoolWebhook -ClientId $clientId -ClientSecret $secret | ForEach-Object { $_.MarkHandled(); $_ }",
                new() { ["bodies"] = new object[] { first, replay, first }, ["clientId"] = ClientId, ["secret"] = Secret });

            Assert.Empty(result.Errors);
            Assert.Single(result.OutputOf<AkoolWebhookEvent>());
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void AnEventWhoseHandlingFailedComesThroughAgainAndIsIgnoredOnceHandled(bool ownStore)
        {
            string body = Signed(WebhookVectors.Encrypt(ClientId, Secret, Plain));
            var variables = new Dictionary<string, object?>
            {
                ["body"] = body, ["clientId"] = ClientId, ["secret"] = Secret,
                ["store"] = ownStore ? new HashSet<string>(StringComparer.Ordinal) : null,
            };
            string convert = "ConvertFrom-AkoolWebhook $body -ClientId $clientId -ClientSecret $secret" + (ownStore ? " -SeenIds $store" : string.Empty);

            // The receiver's save fails: it answers 500 and does not mark the event.
            ScriptResult failed = _session.Run(convert, variables);
            // Akool's retry of the same callback reaches the receiver again; this time the save works.
            ScriptResult retried = _session.Run(convert + " | ForEach-Object { $_.MarkHandled(); $_ }", variables);
            // Any later repeat or replay is recognised.
            ScriptResult replayed = _session.Run(convert + " -Verbose", variables);

            Assert.Single(failed.OutputOf<AkoolWebhookEvent>());
            Assert.Single(retried.OutputOf<AkoolWebhookEvent>());
            Assert.Empty(replayed.Output);
            Assert.Empty(replayed.Errors);
            Assert.Contains(replayed.Verbose, v => v.Contains("already handled", StringComparison.Ordinal));
            if (ownStore) Assert.Single((HashSet<string>)variables["store"]!);
        }

        public static IEnumerable<object[]> BrokenStores() => new[]
        {
            new object[] { "fixed-size", new[] { "an", "array" } },
            new object[] { "read-only", new List<string>().AsReadOnly() },
            new object[] { "throwing", new ThrowingStore() },
        };

        [Theory]
        [MemberData(nameof(BrokenStores))]
        public void ABrokenSeenIdsStoreIsNamedWithAModuleErrorId(string kind, ICollection<string> store)
        {
            ScriptResult result = _session.Run("ConvertFrom-AkoolWebhook $body -ClientId $clientId -ClientSecret $secret -SeenIds $store",
                new() { ["body"] = Signed(WebhookVectors.Encrypt(ClientId, Secret, Plain)), ["clientId"] = ClientId, ["secret"] = Secret, ["store"] = store });

            System.Management.Automation.ErrorRecord error = Assert.Single(result.Errors);
            Assert.True(error.FullyQualifiedErrorId == "AkoolWebhookSeenIdsUnusable,Akool.Commands.ConvertFromAkoolWebhookCommand", kind + ": " + error.FullyQualifiedErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains("-SeenIds", error.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.Contains("leave out -SeenIds", error.Exception.Message, StringComparison.Ordinal);
            Assert.Empty(result.Output);
        }

        /// <summary>A store whose backing service is down: every call throws.</summary>
        private sealed class ThrowingStore : ICollection<string>
        {
            public int Count => throw new InvalidOperationException("The store is offline.");

            public bool IsReadOnly => false;

            public void Add(string item) => throw new InvalidOperationException("The store is offline.");

            public void Clear() => throw new InvalidOperationException("The store is offline.");

            public bool Contains(string item) => throw new InvalidOperationException("The store is offline.");

            public void CopyTo(string[] array, int arrayIndex) => throw new InvalidOperationException("The store is offline.");

            public bool Remove(string item) => throw new InvalidOperationException("The store is offline.");

            public IEnumerator<string> GetEnumerator() => throw new InvalidOperationException("The store is offline.");

            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        }

        [Fact]
        public void ASecretWithATrailingNewlineIsTrimmedAsConnectAkoolTrimsIt()
        {
            ScriptResult result = _session.Run("ConvertFrom-AkoolWebhook $body -ClientId \" $clientId`n\" -ClientSecret ($secret + \"`r`n\")",
                new() { ["body"] = Signed(WebhookVectors.Encrypt(ClientId, Secret, Plain)), ["clientId"] = ClientId, ["secret"] = Secret });

            Assert.Empty(result.Errors);
            Assert.Single(result.OutputOf<AkoolWebhookEvent>());
        }

        [Fact]
        public void ASeenIdsStoreRemembersEventsAcrossInvocations()
        {
            string body = Signed(WebhookVectors.Encrypt(ClientId, Secret, Plain));
            var store = new HashSet<string>(StringComparer.Ordinal);
            var variables = new Dictionary<string, object?> { ["body"] = body, ["clientId"] = ClientId, ["secret"] = Secret, ["store"] = store };

            ScriptResult first = _session.Run("ConvertFrom-AkoolWebhook $body -ClientId $clientId -ClientSecret $secret -SeenIds $store | ForEach-Object { $_.MarkHandled(); $_ }", variables);
            WebhookReplayGuard.Forget();
            ScriptResult second = _session.Run("ConvertFrom-AkoolWebhook $body -ClientId $clientId -ClientSecret $secret -SeenIds $store", variables);

            Assert.Single(first.OutputOf<AkoolWebhookEvent>());
            Assert.Empty(second.Output);
            Assert.Empty(second.Errors);
            Assert.Single(store);
        }
    }
}
