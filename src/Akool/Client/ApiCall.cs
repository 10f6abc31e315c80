using System;
using System.Net.Http;
using Newtonsoft.Json.Linq;

namespace Akool.Client
{
    internal sealed class ApiCall(HttpMethod method, string name, string pathAndQuery, JObject? body, bool repeatable, bool authenticated, string made = "")
    {
        public HttpMethod Method { get; } = method;

        public string Name { get; } = name;

        public string PathAndQuery { get; } = pathAndQuery;

        public JObject? Body { get; } = body;

        // False for a create: Akool has no idempotency key, so a create whose answer was lost may have billed a video.
        public bool Repeatable { get; } = repeatable;

        public bool Authenticated { get; } = authenticated;

        public string Made { get; } = made;

        public static ApiCall Get(string name, string pathAndQuery) => new ApiCall(HttpMethod.Get, name, pathAndQuery, null, repeatable: true, authenticated: true);

        public static ApiCall Create(string name, string pathAndQuery, JObject body, string made) => new ApiCall(HttpMethod.Post, name, pathAndQuery, body, repeatable: false, authenticated: true, made);

        public static ApiCall Token(string pathAndQuery, JObject body) => new ApiCall(HttpMethod.Post, "getToken", pathAndQuery, body, repeatable: true, authenticated: false);
    }

    internal sealed class AttemptFailure(AkoolApiException error, bool retryable, HttpResponseMessage? response = null, NetworkFailure? network = null)
    {
        public AttemptFailure(AkoolErrorKind kind, string message, bool retryable, int? httpStatus = null, Exception? inner = null, HttpResponseMessage? response = null, NetworkFailure? network = null)
            : this(new AkoolApiException(kind, message, httpStatus: httpStatus, innerException: inner), retryable, response, network)
        {
        }

        public NetworkFailure? Network { get; } = network;

        public AkoolApiException Error { get; } = error;

        public bool Retryable { get; } = retryable;

        public HttpResponseMessage? Response { get; } = response;
    }
}
