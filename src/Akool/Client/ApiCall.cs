using System;
using System.Net.Http;
using Newtonsoft.Json.Linq;

namespace Akool.Client
{
    /// <summary>One kind of request to the API, and whether repeating it is safe.</summary>
    internal sealed class ApiCall
    {
        private ApiCall(HttpMethod method, string name, string pathAndQuery, JObject? body, bool repeatable, bool authenticated, string made = "")
        {
            Made = made;
            Method = method;
            Name = name;
            PathAndQuery = pathAndQuery;
            Body = body;
            Repeatable = repeatable;
            Authenticated = authenticated;
        }

        public HttpMethod Method { get; }

        /// <summary>A short name for messages (never containing a credential).</summary>
        public string Name { get; }

        public string PathAndQuery { get; }

        /// <summary>The JSON body, or null for a GET.</summary>
        public JObject? Body { get; }

        /// <summary>
        /// False for a create: Akool has no idempotency key, so a create whose answer was lost may have made and
        /// billed a video, and must not be sent again unless the request provably was not processed.
        /// </summary>
        public bool Repeatable { get; }

        public bool Authenticated { get; }

        /// <summary>What a create makes and bills ("video", "speech"), for messages; empty for other calls.</summary>
        public string Made { get; }

        public static ApiCall Get(string name, string pathAndQuery) => new ApiCall(HttpMethod.Get, name, pathAndQuery, null, repeatable: true, authenticated: true);

        public static ApiCall Create(string name, string pathAndQuery, JObject body, string made) => new ApiCall(HttpMethod.Post, name, pathAndQuery, body, repeatable: false, authenticated: true, made);

        /// <summary>getToken: repeatable (minting a token costs nothing) and sent without a credential header.</summary>
        public static ApiCall Token(string pathAndQuery, JObject body) => new ApiCall(HttpMethod.Post, "getToken", pathAndQuery, body, repeatable: true, authenticated: false);
    }

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

        public AttemptFailure(AkoolErrorKind kind, string message, bool retryable, int? httpStatus = null, Exception? inner = null, HttpResponseMessage? response = null, NetworkFailure? network = null)
            : this(new AkoolApiException(kind, message, httpStatus: httpStatus, innerException: inner), retryable, response, network)
        {
        }

        /// <summary>The network cause, when the attempt failed before any answer came.</summary>
        public NetworkFailure? Network { get; }

        public AkoolApiException Error { get; }

        public bool Retryable { get; }

        /// <summary>The answer, kept for its Retry-After header.</summary>
        public HttpResponseMessage? Response { get; }
    }
}
