using System;

namespace Akool.Webhooks
{
    /// <summary>
    /// A webhook callback that must not be trusted. <see cref="Failure"/> says why; the message never contains the
    /// secret or the decrypted payload.
    /// </summary>
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
}
