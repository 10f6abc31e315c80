using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Akool.Client
{
    /// <summary>Sends the API key in the <c>x-api-key</c> header.</summary>
    internal sealed class ApiKeyAuthenticator : Authenticator
    {
        private readonly Secret _apiKey;

        public ApiKeyAuthenticator(Secret apiKey) => _apiKey = apiKey;

        public override AkoolAuthenticationMode Mode => AkoolAuthenticationMode.ApiKey;

        public override Task ApplyAsync(HttpRequestMessage request, AkoolClient client, CancellationToken cancellationToken)
        {
            request.Headers.TryAddWithoutValidation("x-api-key", _apiKey.Reveal());
            return Task.CompletedTask;
        }
    }
}
