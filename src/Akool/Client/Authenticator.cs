using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Akool.Client
{
    // Exactly one credential header per request: Akool ignores x-api-key when a Bearer token is present, so sending
    // both would hide mistakes. ApplyAsync returns the credential's generation, so concurrent callers renew it once.
    internal abstract class Authenticator : IDisposable
    {
        public abstract AkoolAuthenticationMode Mode { get; }

        public abstract Task<int> ApplyAsync(HttpRequestMessage request, AkoolClient client, CancellationToken cancellationToken);

        public virtual Task<bool> RenewAsync(int failedGeneration, AkoolClient client, CancellationToken cancellationToken) => Task.FromResult(false);

        public abstract void Dispose();
    }

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

        public override void Dispose() => _header = null;
    }

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

        public override void Dispose()
        {
        }
    }
}
