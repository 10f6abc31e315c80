using System;
using System.Globalization;
using Akool.Client;

namespace Akool.Webhooks
{
    /// <summary>
    /// Verifies and decrypts one Akool webhook callback: signature, then age, then decryption. Nothing of the
    /// payload is returned unless all three pass.
    /// </summary>
    internal static class WebhookVerifier
    {
        /// <summary>The age a callback may have by default: enough for Akool's delivery and modest clock skew.</summary>
        public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromMinutes(5);

        /// <summary>The one message for every payload that cannot be decrypted and read.</summary>
        internal const string UniformDecryptionMessage =
            "The callback's payload could not be decrypted and read with this client id and secret.";

        /// <summary>
        /// The event in <paramref name="callback"/>, or a <see cref="WebhookVerificationException"/> saying why it
        /// must not be trusted.
        /// </summary>
        /// <param name="callback">The four body fields.</param>
        /// <param name="clientId">The client id Akool signs with and derives the IV from.</param>
        /// <param name="secret">The client secret (API key), the AES key.</param>
        /// <param name="maxAge">How far the callback's timestamp may be from <paramref name="now"/>, either way.</param>
        /// <param name="now">The current time (a parameter so tests can fix it).</param>
        /// <param name="debug">Where the reason a payload failed goes (the cmdlet's debug stream); nowhere else.</param>
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

        /// <summary>"1 day", "1.5 days": singular only when the number shown is exactly one.</summary>
        private static string Count(double value, string format, string unit)
        {
            string number = value.ToString(format, CultureInfo.InvariantCulture);
            return number == "1" ? $"1 {unit}" : $"{number} {unit}s";
        }
    }
}
