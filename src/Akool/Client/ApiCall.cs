using System;
using System.Net.Http;
using Newtonsoft.Json.Linq;

namespace Akool.Client
{
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

        public string Name { get; }

        public string PathAndQuery { get; }

        public JObject? Body { get; }

        // False for a create: Akool has no idempotency key, so a create whose answer was lost may have billed a video.
        public bool Repeatable { get; }

        public bool Authenticated { get; }

        public string Made { get; }

        public static ApiCall Get(string name, string pathAndQuery) => new ApiCall(HttpMethod.Get, name, pathAndQuery, null, repeatable: true, authenticated: true);

        public static ApiCall Create(string name, string pathAndQuery, JObject body, string made) => new ApiCall(HttpMethod.Post, name, pathAndQuery, body, repeatable: false, authenticated: true, made);

        public static ApiCall Token(string pathAndQuery, JObject body) => new ApiCall(HttpMethod.Post, "getToken", pathAndQuery, body, repeatable: true, authenticated: false);
    }

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

        public NetworkFailure? Network { get; }

        public AkoolApiException Error { get; }

        public bool Retryable { get; }

        public HttpResponseMessage? Response { get; }
    }
}
