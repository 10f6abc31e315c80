using System.Collections.Generic;
using System.Net.Http;

namespace Akool.Client
{
    /// <summary>One kind of request to the API, and whether repeating it is safe.</summary>
    internal sealed class ApiCall
    {
        private ApiCall(HttpMethod method, string name, string pathAndQuery, string? jsonBody, bool repeatable, bool authenticated, ICollection<string>? dataFields = null)
        {
            DataFields = dataFields;
            Method = method;
            Name = name;
            PathAndQuery = pathAndQuery;
            JsonBody = jsonBody;
            Repeatable = repeatable;
            Authenticated = authenticated;
        }

        public HttpMethod Method { get; }

        /// <summary>A short name for messages (never containing a credential).</summary>
        public string Name { get; }

        public string PathAndQuery { get; }

        public string? JsonBody { get; }

        /// <summary>
        /// False for a create: Akool has no idempotency key, so a create whose answer was lost may have made and
        /// billed a video, and must not be sent again unless the request provably was not processed.
        /// </summary>
        public bool Repeatable { get; }

        public bool Authenticated { get; }

        /// <summary>The properties of the answer's <c>data</c> its reader looks at; null: the reader may look at anything.</summary>
        public ICollection<string>? DataFields { get; }

        /// <summary>This call, its answer read for <paramref name="dataFields"/> of <c>data</c> only (see <see cref="EnvelopeParser"/>).</summary>
        public ApiCall Reading(ICollection<string> dataFields) => new ApiCall(Method, Name, PathAndQuery, JsonBody, Repeatable, Authenticated, dataFields);

        public static ApiCall Get(string name, string pathAndQuery) => new ApiCall(HttpMethod.Get, name, pathAndQuery, null, repeatable: true, authenticated: true);

        public static ApiCall Create(string name, string pathAndQuery, string jsonBody) => new ApiCall(HttpMethod.Post, name, pathAndQuery, jsonBody, repeatable: false, authenticated: true);

        /// <summary>getToken: repeatable (minting a token costs nothing) and sent without a credential header.</summary>
        public static ApiCall Token(string pathAndQuery, string jsonBody) => new ApiCall(HttpMethod.Post, "getToken", pathAndQuery, jsonBody, repeatable: true, authenticated: false);
    }
}
