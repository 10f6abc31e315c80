using System;

namespace Akool.Webhooks
{
    /// <summary>A webhook callback that must not be trusted.</summary>
    public sealed class WebhookVerificationException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public WebhookVerificationException(WebhookFailure failure, string message, Exception? innerException = null)
            : base(message, innerException)
        {
            Failure = failure;
        }

        /// <summary>Why the callback was rejected.</summary>
        public WebhookFailure Failure { get; }
    }

    /// <summary>Why a webhook callback was rejected. Each kind maps to its own stable error id.</summary>
    public enum WebhookFailure
    {
        /// <summary>The body is not a callback: not JSON, or a field is missing or of the wrong type.</summary>
        Malformed = 0,

        /// <summary>The signature does not match the body (tampered, forged, or signed for another client id).</summary>
        SignatureInvalid = 1,

        /// <summary>The timestamp is further from now than the allowed age (a replay, or a badly skewed clock).</summary>
        Stale = 2,

        /// <summary>The payload does not decrypt with the secret (wrong key, bad base64, bad padding, not JSON).</summary>
        DecryptionFailed = 3,
    }
}
