using System;
using System.Globalization;
using Akool.Client;

namespace Akool.Webhooks
{
    internal static class WebhookVerifier
    {
        public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromMinutes(5);

        internal const string UniformDecryptionMessage =
            "The callback's payload could not be decrypted and read with this client id and secret.";

        public static AkoolWebhookEvent Verify(WebhookCallback callback, string clientId, Secret secret, TimeSpan maxAge, DateTimeOffset now, Action<string>? debug = null)
        {
            // The signature first: it costs no secret, and a forged body should be told apart from a stale one.
            if (!WebhookSignature.Matches(callback.Signature, clientId, callback.Timestamp, callback.Nonce, callback.DataEncrypt))
            {
                throw new WebhookVerificationException(WebhookFailure.SignatureInvalid,
                    $"The callback's signature does not match its content and the client id '{clientId}'.");
            }

            TimeSpan age = now - callback.SentAt;
            if (age > maxAge)
            {
                throw new WebhookVerificationException(WebhookFailure.Stale,
                    $"The callback was sent at {Format(callback.SentAt)}, {Describe(age)} ago, more than the {Describe(maxAge)} allowed.");
            }
            if (-age > maxAge)
            {
                throw new WebhookVerificationException(WebhookFailure.Stale,
                    $"The callback is dated {Format(callback.SentAt)}, {Describe(-age)} in the future, more than the {Describe(maxAge)} allowed.");
            }

            // A key that cannot be an AES key is the caller's setting, not something a sender controls: say so plainly.
            string? keyProblem = WebhookCipher.KeyProblem(secret);
            if (keyProblem != null) throw new WebhookVerificationException(WebhookFailure.DecryptionFailed, keyProblem);

            try
            {
                return WebhookPayload.Parse(WebhookCipher.Decrypt(callback.DataEncrypt, clientId, secret), callback.SentAt, callback.Nonce);
            }
            catch (WebhookVerificationException detail)
            {
                // One failure, one message, for every way the payload can fail (base64, blocks, padding, UTF-8, JSON,
                // no _id): the signature proves nothing secret, so anyone can submit ciphertext, and telling those
                // apart would be a padding oracle that recovers plaintext without the key. The detail goes to the
                // debug sink only, never into the exception (not even as its inner one): a receiver that logs or
                // answers with $_.Exception.ToString() must not rebuild the oracle.
                debug?.Invoke("Webhook payload detail: " + detail.Message);
                throw new WebhookVerificationException(WebhookFailure.DecryptionFailed, UniformDecryptionMessage);
            }
        }

        private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff 'UTC'", CultureInfo.InvariantCulture);

        internal static string Describe(TimeSpan span) =>
            span.TotalDays >= 1 ? Count(span.TotalDays, "0.#", "day")
            : span.TotalMinutes >= 1 ? Count(span.TotalMinutes, "0.#", "minute")
            : Count(span.TotalSeconds, "0.###", "second");

        private static string Count(double value, string format, string unit)
        {
            string number = value.ToString(format, CultureInfo.InvariantCulture);
            return number == "1" ? $"1 {unit}" : $"{number} {unit}s";
        }
    }
}
