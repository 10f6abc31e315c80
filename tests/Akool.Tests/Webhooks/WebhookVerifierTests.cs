using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Akool.Client;
using Akool.Webhooks;
using Newtonsoft.Json.Linq;
using Xunit;

namespace Akool.Tests.Webhooks
{
    /// <summary>The verifier against vectors made by openssl and sha1sum, and against every way a callback can be bad.</summary>
    public sealed class WebhookVerifierTests
    {
        private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

        private static AkoolWebhookEvent Verify(WebhookVector v, string? body = null, string? clientId = null, string? secret = null, DateTimeOffset? now = null)
        {
            using var key = new Secret(secret ?? v.Secret);
            return WebhookVerifier.Verify(WebhookCallback.Parse(body ?? v.BodyJson()), clientId ?? v.ClientId, key, MaxAge, now ?? v.SentAt.AddSeconds(3));
        }

        private static WebhookVerificationException Rejected(WebhookVector v, string? body = null, string? clientId = null, string? secret = null, DateTimeOffset? now = null)
        {
            var ex = Assert.Throws<WebhookVerificationException>(() => Verify(v, body, clientId, secret, now));
            Assert.DoesNotContain(v.Secret, ex.Message);
            if (!string.IsNullOrEmpty(secret)) Assert.DoesNotContain(secret, ex.Message);
            return ex;
        }

        [Theory]
        [MemberData(nameof(WebhookVectors.Valid), MemberType = typeof(WebhookVectors))]
        public void KnownVectorsVerifyAndDecrypt(string name)
        {
            WebhookVector v = WebhookVectors.Named(name);
            AkoolWebhookEvent e = Verify(v);

            using JsonDocument expected = JsonDocument.Parse(v.Plaintext);
            JsonElement root = expected.RootElement;
            Assert.Equal(root.GetProperty("_id").GetString(), e.Id);
            Assert.Equal(root.GetProperty("_id").GetString(), e.ToString());
            Assert.Equal(root.GetProperty("status").GetInt32(), (int)e.Status);
            Assert.Equal(root.GetProperty("type").GetString(), e.Type);
            string url = root.GetProperty("url").GetString()!;
            Assert.Equal(url.Length == 0 ? null : url, e.Url);
            Assert.Equal(root.TryGetProperty("deduction_credit", out JsonElement credit) ? credit.GetDecimal() : (decimal?)null, e.DeductionCredit);
            Assert.Equal(v.SentAt, e.Timestamp);
            Assert.Equal(v.Nonce, e.Nonce);
        }

        [Fact]
        public void VectorsCoverAes128_192_256AndShortAndLongClientIds()
        {
            var valid = WebhookVectors.All.Where(v => v.Expect == "ok").ToList();
            Assert.Equal(new[] { 16, 24, 32 }, valid.Select(v => v.Secret.Length).OrderBy(n => n));
            Assert.Contains(valid, v => v.ClientId.Length < 16);
            Assert.Contains(valid, v => v.ClientId.Length > 16);
            Assert.Contains(valid, v => v.TimestampAsString && v.NonceAsNumber);
        }

        [Theory]
        [MemberData(nameof(WebhookVectors.Valid), MemberType = typeof(WebhookVectors))]
        [MemberData(nameof(WebhookVectors.Invalid), MemberType = typeof(WebhookVectors))]
        public void SignatureMatchesSha1sum(string name)
        {
            WebhookVector v = WebhookVectors.Named(name);
            Assert.Equal(v.Signature, WebhookSignature.Compute(v.ClientId, v.Timestamp, v.Nonce, v.DataEncrypt));
        }

        [Theory]
        [InlineData("aes128-short-client-id")]
        [InlineData("aes256-16-char-client-id")]
        public void SignatureSortsOrdinallyNotByCulture(string name)
        {
            WebhookVector v = WebhookVectors.Named(name);
            // The vector is only a proof if the two orders disagree on it.
            string cultureSigned = WebhookVectors.Sign(v.ClientId, v.Timestamp, v.Nonce, v.DataEncrypt, StringComparer.InvariantCulture);
            Assert.NotEqual(v.Signature, cultureSigned);
            Assert.NotEqual(v.Signature, WebhookVectors.Sign(v.ClientId, v.Timestamp, v.Nonce, v.DataEncrypt, StringComparer.OrdinalIgnoreCase));

            Verify(v);
            Assert.Equal(WebhookFailure.SignatureInvalid, Rejected(v, v.BodyJson(signature: cultureSigned)).Failure);
        }

        [Theory]
        [MemberData(nameof(WebhookVectors.Invalid), MemberType = typeof(WebhookVectors))]
        public void BadPayloadVectorsAreRejectedWithTheirKind(string name)
        {
            WebhookVector v = WebhookVectors.Named(name);
            Assert.Equal(Enum.Parse<WebhookFailure>(v.Expect), Rejected(v).Failure);
        }

        [Fact]
        public void ASignatureInUpperCaseHexIsAccepted()
        {
            WebhookVector v = WebhookVectors.Named("aes128-short-client-id");
            Assert.Equal("64dd1f9e1b3c2a0001a1b2c3", Verify(v, v.BodyJson(signature: v.Signature.ToUpperInvariant())).Id);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(19)]
        [InlineData(39)]
        public void ATamperedSignatureIsRejected(int position)
        {
            WebhookVector v = WebhookVectors.Named("aes256-16-char-client-id");
            char[] chars = v.Signature.ToCharArray();
            chars[position] = chars[position] == '0' ? '1' : '0';
            Assert.Equal(WebhookFailure.SignatureInvalid, Rejected(v, v.BodyJson(signature: new string(chars))).Failure);
        }

        [Theory]
        [InlineData("abc")]
        [InlineData("zz3feaab7ff0d11ff627c08101f355c6ae8b0efd")]
        [InlineData("bd3feaab7ff0d11ff627c08101f355c6ae8b0efd00")]
        public void ASignatureOfTheWrongShapeIsRejected(string signature)
        {
            WebhookVector v = WebhookVectors.Named("aes128-short-client-id");
            Assert.Equal(WebhookFailure.SignatureInvalid, Rejected(v, v.BodyJson(signature: signature)).Failure);
        }

        [Fact]
        public void ATamperedCiphertextWithTheOriginalSignatureIsRejectedBySignature()
        {
            WebhookVector v = WebhookVectors.Named("aes192-long-client-id");
            string tampered = (v.DataEncrypt[0] == 'A' ? "B" : "A") + v.DataEncrypt.Substring(1);
            Assert.Equal(WebhookFailure.SignatureInvalid, Rejected(v, v.BodyJson(dataEncrypt: tampered)).Failure);
        }

        [Fact]
        public void AnotherClientIdIsRejectedBySignature()
        {
            WebhookVector v = WebhookVectors.Named("aes128-short-client-id");
            Assert.Equal(WebhookFailure.SignatureInvalid, Rejected(v, clientId: "mvp_client").Failure);
        }

        [Fact]
        public void AWrongSecretOfAValidLengthFailsDecryption()
        {
            WebhookVector v = WebhookVectors.Named("aes256-16-char-client-id");
            WebhookVerificationException ex = Rejected(v, secret: "Sk32charSecret_abcdefghijklmnopQ");
            Assert.Equal(WebhookFailure.DecryptionFailed, ex.Failure);
        }

        [Theory]
        [InlineData("")]
        [InlineData("short")]
        [InlineData("Sk16charSecret01x")]
        [InlineData("0123456789abcdef0123456789abcdef0")]
        [InlineData("ünïcødé-sëcret-16")] // 17 characters, more UTF-8 bytes: the key is bytes, not characters
        public void ASecretThatCannotBeAnAesKeyFailsDecryptionClearly(string secret)
        {
            WebhookVector v = WebhookVectors.Named("aes128-short-client-id");
            using var key = new Secret(secret);
            Assert.NotNull(WebhookCipher.KeyProblem(key));
            WebhookVerificationException ex = Rejected(v, secret: secret);
            Assert.Equal(WebhookFailure.DecryptionFailed, ex.Failure);
            Assert.Contains("16, 24 or 32 bytes", ex.Message);
        }

        [Fact]
        public void AMultiByteSecretOf32BytesIsAValidKey()
        {
            using var key = new Secret("ü" + new string('k', 30)); // 31 characters, 32 UTF-8 bytes
            Assert.Null(WebhookCipher.KeyProblem(key));
        }

        [Fact]
        public void BadBase64FailsDecryption()
        {
            WebhookVector v = WebhookVectors.Named("aes128-short-client-id");
            const string data = "not*base64!";
            string body = WebhookVectors.Body(WebhookVectors.Sign(v.ClientId, v.Timestamp, v.Nonce, data), data, v.Timestamp, v.Nonce);
            Assert.Equal(WebhookFailure.DecryptionFailed, Rejected(v, body).Failure);
        }

        [Fact]
        public void CiphertextThatIsNotWholeBlocksFailsDecryption()
        {
            WebhookVector v = WebhookVectors.Named("aes128-short-client-id");
            string data = Convert.ToBase64String(new byte[20]);
            string body = WebhookVectors.Body(WebhookVectors.Sign(v.ClientId, v.Timestamp, v.Nonce, data), data, v.Timestamp, v.Nonce);
            Assert.Equal(WebhookFailure.DecryptionFailed, Rejected(v, body).Failure);
        }

        [Fact]
        public void AStaleTimestampIsRejectedAndTheLimitItselfIsAccepted()
        {
            WebhookVector v = WebhookVectors.Named("aes128-short-client-id");
            Verify(v, now: v.SentAt + MaxAge);
            Assert.Equal(WebhookFailure.Stale, Rejected(v, now: v.SentAt + MaxAge + TimeSpan.FromMilliseconds(1)).Failure);
            Assert.Equal(WebhookFailure.Stale, Rejected(v, now: v.SentAt.AddDays(3)).Failure);
        }

        [Fact]
        public void AFutureTimestampIsRejected()
        {
            WebhookVector v = WebhookVectors.Named("aes192-long-client-id");
            Verify(v, now: v.SentAt - MaxAge);
            Assert.Equal(WebhookFailure.Stale, Rejected(v, now: v.SentAt - MaxAge - TimeSpan.FromMilliseconds(1)).Failure);
        }

        [Fact]
        public void ABadSignatureIsReportedBeforeAgeOrDecryption()
        {
            WebhookVector v = WebhookVectors.Named("bad-padding");
            string forged = new string('0', 40);
            Assert.Equal(WebhookFailure.SignatureInvalid, Rejected(v, v.BodyJson(signature: forged), now: v.SentAt.AddDays(30)).Failure);
        }

        public static IEnumerable<object[]> MalformedBodies()
        {
            WebhookVector v = WebhookVectors.Named("aes128-short-client-id");
            yield return new object[] { "" };
            yield return new object[] { "not json" };
            yield return new object[] { "[1,2]" };
            yield return new object[] { "\"a string\"" };
            yield return new object[] { v.BodyJson() + " trailing" };
            yield return new object[] { "{\"dataEncrypt\":\"" + v.DataEncrypt + "\",\"timestamp\":" + v.Timestamp + ",\"nonce\":\"" + v.Nonce + "\"}" };
            yield return new object[] { "{\"signature\":\"" + v.Signature + "\",\"timestamp\":" + v.Timestamp + ",\"nonce\":\"" + v.Nonce + "\"}" };
            yield return new object[] { "{\"signature\":\"" + v.Signature + "\",\"dataEncrypt\":\"" + v.DataEncrypt + "\",\"nonce\":\"" + v.Nonce + "\"}" };
            yield return new object[] { "{\"signature\":\"" + v.Signature + "\",\"dataEncrypt\":\"" + v.DataEncrypt + "\",\"timestamp\":" + v.Timestamp + "}" };
            yield return new object[] { "{\"signature\":null,\"dataEncrypt\":\"" + v.DataEncrypt + "\",\"timestamp\":" + v.Timestamp + ",\"nonce\":\"" + v.Nonce + "\"}" };
            yield return new object[] { "{\"signature\":\"" + v.Signature + "\",\"dataEncrypt\":\"" + v.DataEncrypt + "\",\"timestamp\":\"yesterday\",\"nonce\":\"" + v.Nonce + "\"}" };
            yield return new object[] { "{\"signature\":\"" + v.Signature + "\",\"dataEncrypt\":\"" + v.DataEncrypt + "\",\"timestamp\":1700000000123.5,\"nonce\":\"" + v.Nonce + "\"}" };
            yield return new object[] { "{\"signature\":\"" + v.Signature + "\",\"dataEncrypt\":\"" + v.DataEncrypt + "\",\"timestamp\":-5,\"nonce\":\"" + v.Nonce + "\"}" };
            yield return new object[] { "{\"signature\":\"" + v.Signature + "\",\"dataEncrypt\":\"" + v.DataEncrypt + "\",\"timestamp\":\" 1700000000123\",\"nonce\":\"" + v.Nonce + "\"}" };
            yield return new object[] { "{\"signature\":\"" + v.Signature + "\",\"dataEncrypt\":\"" + v.DataEncrypt + "\",\"timestamp\":\"+1700000000123\",\"nonce\":\"" + v.Nonce + "\"}" };
            yield return new object[] { "{\"signature\":\"" + v.Signature + "\",\"dataEncrypt\":\"" + v.DataEncrypt + "\",\"timestamp\":\"1,700,000,000,123\",\"nonce\":\"" + v.Nonce + "\"}" };
            yield return new object[] { "{\"signature\":\"" + v.Signature + "\",\"dataEncrypt\":\"" + v.DataEncrypt + "\",\"timestamp\":\"\u0661\u0667\u0660\u0660\",\"nonce\":\"" + v.Nonce + "\"}" };
            yield return new object[] { "{\"signature\":\"" + v.Signature + "\",\"dataEncrypt\":\"" + v.DataEncrypt + "\",\"timestamp\":99999999999999999,\"nonce\":\"" + v.Nonce + "\"}" };
            yield return new object[] { "{\"signature\":\"" + v.Signature + "\",\"dataEncrypt\":\"" + v.DataEncrypt + "\",\"timestamp\":" + v.Timestamp + ",\"nonce\":true}" };
            yield return new object[] { "{\"signature\":\"" + v.Signature + "\",\"dataEncrypt\":[\"x\"],\"timestamp\":" + v.Timestamp + ",\"nonce\":\"" + v.Nonce + "\"}" };
        }

        [Theory]
        [MemberData(nameof(MalformedBodies))]
        public void AMalformedBodyIsRejectedAsMalformed(string body)
        {
            var ex = Assert.Throws<WebhookVerificationException>(() => WebhookCallback.Parse(body));
            Assert.Equal(WebhookFailure.Malformed, ex.Failure);
        }

        [Fact]
        public void ExtraBodyFieldsAreIgnoredAndNamesMatchInAnyCase()
        {
            WebhookVector v = WebhookVectors.Named("aes128-short-client-id");
            string body = "{\"Signature\":\"" + v.Signature + "\",\"DATAENCRYPT\":\"" + v.DataEncrypt + "\",\"timeStamp\":" + v.Timestamp
                + ",\"Nonce\":\"" + v.Nonce + "\",\"event\":\"video\",\"more\":{\"x\":1}}";
            Assert.Equal("64dd1f9e1b3c2a0001a1b2c3", Verify(v, body).Id);
        }

        [Fact]
        public void AnExactCaseNameWinsOverAnotherCase()
        {
            WebhookCallback callback = WebhookCallback.FromFields(new[]
            {
                Pair("NONCE", "wrong"), Pair("nonce", "right"), Pair("Nonce", "wrong too"),
                Pair("signature", "00"), Pair("dataEncrypt", "AA=="), Pair("timestamp", "1"),
            });
            Assert.Equal("right", callback.Nonce);
        }

        public static IEnumerable<object[]> NumberShapes()
        {
            // The shapes PowerShell, Newtonsoft and Azure Functions give a JSON number in.
            yield return new object[] { 1700000000123L, 4821 };
            yield return new object[] { 1700000000123m, 4821L };
            yield return new object[] { 1700000000123d, 4821d };
            yield return new object[] { new JValue(1700000000123L), new JValue(4821) };
            yield return new object[] { "1700000000123", "4821" };
        }

        [Theory]
        [MemberData(nameof(NumberShapes))]
        public void NumbersAreSignedAsTheirDigits(object timestamp, object nonce)
        {
            WebhookCallback callback = WebhookCallback.FromFields(new[]
            {
                Pair("signature", "00"), Pair("dataEncrypt", "AA=="), Pair("timestamp", timestamp), Pair("nonce", nonce),
            });
            Assert.Equal("1700000000123", callback.Timestamp);
            Assert.Equal("4821", callback.Nonce);
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000000123), callback.SentAt);
        }

        [Fact]
        public void ANonceSentAsANumberVerifies()
        {
            WebhookVector v = WebhookVectors.Named("aes192-long-client-id");
            Assert.Contains("\"nonce\":4821", v.BodyJson());
            Assert.Contains("\"timestamp\":\"" + v.Timestamp + "\"", v.BodyJson());
            Assert.Equal(AkoolVideoStatus.Processing, Verify(v).Status);
        }

        [Theory]
        [InlineData("{\"_id\":\"v1\"}", AkoolVideoStatus.Unknown, null, null)]
        [InlineData("{\"_id\":\"v1\",\"status\":\"3\",\"url\":\"https://x/y.mp4\",\"deduction_credit\":\"7.5\"}", AkoolVideoStatus.Completed, "https://x/y.mp4", "7.5")]
        [InlineData("{\"_id\":\"v1\",\"status\":9,\"url\":null,\"deduction_credit\":null,\"new\":[1]}", AkoolVideoStatus.Unknown, null, null)]
        [InlineData("{\"_id\":\"v1\",\"status\":4,\"url\":\"\",\"deduction_credit\":0}", AkoolVideoStatus.Failed, null, "0")]
        public void ThePayloadToleratesMissingAndExtraFields(string plaintext, AkoolVideoStatus status, string? url, string? credit)
        {
            AkoolWebhookEvent payload = WebhookPayload.Parse(plaintext);
            Assert.Equal("v1", payload.Id);
            Assert.Equal(status, payload.Status);
            Assert.Equal(url, payload.Url);
            Assert.Equal(credit == null ? (decimal?)null : decimal.Parse(credit, CultureInfo.InvariantCulture), payload.DeductionCredit);
        }

        [Theory]
        [InlineData("{\"_id\":\"v1\"", WebhookFailure.DecryptionFailed)]
        [InlineData("[\"v1\"]", WebhookFailure.DecryptionFailed)]
        [InlineData("{\"_id\":\"\"}", WebhookFailure.Malformed)]
        [InlineData("{\"status\":3}", WebhookFailure.Malformed)]
        public void APayloadThatIsNotACallbackIsRejected(string plaintext, WebhookFailure failure)
        {
            Assert.Equal(failure, Assert.Throws<WebhookVerificationException>(() => WebhookPayload.Parse(plaintext)).Failure);
        }

        [Fact]
        public void TheIvIsTheFirst16BytesOfTheClientIdZeroPadded()
        {
            Assert.Equal(new byte[] { (byte)'a', (byte)'b', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, WebhookCipher.Iv("ab"));
            Assert.Equal("0123456789abcdef"u8.ToArray(), WebhookCipher.Iv("0123456789abcdefXYZ"));
        }

        [Fact]
        public void FixedTimeEqualsComparesEveryByte()
        {
            byte[] a = Enumerable.Range(0, 20).Select(i => (byte)i).ToArray();
            Assert.True(WebhookSignature.FixedTimeEquals(a, (byte[])a.Clone()));
            for (int i = 0; i < a.Length; i++)
            {
                byte[] b = (byte[])a.Clone();
                b[i] ^= 0x80;
                Assert.False(WebhookSignature.FixedTimeEquals(a, b));
            }
            Assert.False(WebhookSignature.FixedTimeEquals(a, a.Take(19).ToArray()));
            Assert.True(WebhookSignature.FixedTimeEquals(Array.Empty<byte>(), Array.Empty<byte>()));
        }

        [Fact]
        public void ASignatureThatIsNotWholeHexDoesNotMatch()
        {
            WebhookVector v = WebhookVectors.Named("aes128-short-client-id");
            Assert.True(WebhookSignature.Matches(" " + v.Signature.ToUpperInvariant() + " ", v.ClientId, v.Timestamp, v.Nonce, v.DataEncrypt));
            Assert.False(WebhookSignature.Matches(v.Signature.Substring(1), v.ClientId, v.Timestamp, v.Nonce, v.DataEncrypt));
            Assert.False(WebhookSignature.Matches(v.Signature.Substring(0, 39) + "g", v.ClientId, v.Timestamp, v.Nonce, v.DataEncrypt));
        }

        private static KeyValuePair<string, object?> Pair(string name, object? value) => new KeyValuePair<string, object?>(name, value);
    }
}
