using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Akool.Client
{
    /// <summary>Sends the API key in the <c>x-api-key</c> header.</summary>
    internal sealed class ApiKeyAuthenticator : Authenticator
    {
        private readonly Secret _apiKey;
        private string? _header;

        public ApiKeyAuthenticator(Secret apiKey) => _apiKey = apiKey;

        public override AkoolAuthenticationMode Mode => AkoolAuthenticationMode.ApiKey;

        public override Task<int> ApplyAsync(HttpRequestMessage request, AkoolClient client, CancellationToken cancellationToken)
        {
            // Revealed once per connection, not per request (a SecureString round trip per create was a
            // measurable part of a row's cost). The clear text is in managed memory either way, since every
            // request's header holds it as a string until collected; one copy held by the connection, in memory
            // only and dropped when it is disposed, is no more exposure than a copy per request. It is never
            // logged or formatted: this type has no ToString of its own and the field is private.
            request.Headers.TryAddWithoutValidation("x-api-key", _header ??= _apiKey.Reveal());
            return Task.FromResult(0);
        }

        protected override void Dispose(bool disposing)
        {
            _header = null;
            base.Dispose(disposing);
        }
    }
}
