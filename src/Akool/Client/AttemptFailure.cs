using System.Net.Http;

namespace Akool.Client
{
    /// <summary>Why one attempt at a call failed, and whether another attempt is allowed.</summary>
    internal sealed class AttemptFailure
    {
        public AttemptFailure(AkoolApiException error, bool retryable, HttpResponseMessage? response = null, NetworkFailure? network = null)
        {
            Error = error;
            Retryable = retryable;
            Response = response;
            Network = network;
        }

        /// <summary>The network cause, when the attempt failed before any answer came.</summary>
        public NetworkFailure? Network { get; }

        public AkoolApiException Error { get; }

        public bool Retryable { get; }

        /// <summary>The answer, kept for its Retry-After header.</summary>
        public HttpResponseMessage? Response { get; }
    }
}
