using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Akool.Client
{
    /// <summary>Sends a token minted elsewhere as <c>Authorization: Bearer</c>; it has no way to renew it.</summary>
    internal sealed class BearerTokenAuthenticator : Authenticator
    {
        private readonly Secret _token;

        public BearerTokenAuthenticator(Secret token) => _token = token;

        public override AkoolAuthenticationMode Mode => AkoolAuthenticationMode.Token;

        public override Task<int> ApplyAsync(HttpRequestMessage request, AkoolClient client, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token.Reveal());
            return Task.FromResult(0);
        }
    }
}
