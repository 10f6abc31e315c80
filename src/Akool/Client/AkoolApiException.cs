using System;

namespace Akool.Client
{
    /// <summary>A failed call to the Akool API.</summary>
    public sealed class AkoolApiException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public AkoolApiException(AkoolErrorKind kind, string message, int? akoolCode = null, string? akoolMessage = null, int? httpStatus = null, Exception? innerException = null)
            : base(message, innerException)
        {
            Kind = kind;
            AkoolCode = akoolCode;
            AkoolMessage = akoolMessage;
            HttpStatus = httpStatus;
        }

        /// <summary>What kind of failure this is.</summary>
        public AkoolErrorKind Kind { get; }

        /// <summary>The <c>code</c> of Akool's answer, when there was one.</summary>
        public int? AkoolCode { get; }

        /// <summary>The <c>msg</c> of Akool's answer, when there was one.</summary>
        public string? AkoolMessage { get; }

        /// <summary>The HTTP status of the answer, when there was one.</summary>
        public int? HttpStatus { get; }

        /// <summary>True when retrying the same request later may succeed.</summary>
        public bool IsTransient => Kind == AkoolErrorKind.Throttled || Kind == AkoolErrorKind.ServerUnavailable || Kind == AkoolErrorKind.Timeout
            || Kind == AkoolErrorKind.Unreachable || Kind == AkoolErrorKind.ProxyUnreachable || Kind == AkoolErrorKind.ProxyUnavailable;
    }
}
