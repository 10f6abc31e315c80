using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Akool.Client
{
    /// <summary>
    /// Puts exactly one credential header on each request (Akool ignores <c>x-api-key</c> when a Bearer token is
    /// present, so sending both would hide mistakes), and renews the credential when that is possible.
    /// </summary>
    internal abstract class Authenticator : IDisposable
    {
        /// <summary>How this authenticator authenticates.</summary>
        public abstract AkoolAuthenticationMode Mode { get; }

        /// <summary>
        /// Adds the credential header to <paramref name="request"/> and returns the generation of the credential it
        /// added: a number that changes each time the credential is renewed, so concurrent callers renew once.
        /// </summary>
        public abstract Task<int> ApplyAsync(HttpRequestMessage request, AkoolClient client, CancellationToken cancellationToken);

        /// <summary>
        /// Renews the credential after Akool said it is invalid (1101), unless another caller already renewed it
        /// since <paramref name="failedGeneration"/>. Returns false when this credential cannot be renewed.
        /// </summary>
        public virtual Task<bool> RenewAsync(int failedGeneration, AkoolClient client, CancellationToken cancellationToken) => Task.FromResult(false);

        /// <summary>Releases what the authenticator holds (a lock, a revealed key).</summary>
        public abstract void Dispose();
    }

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

        public override void Dispose() => _header = null;
    }

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

        /// <summary>Holds nothing of its own to release: the token is revealed per request.</summary>
        public override void Dispose()
        {
        }
    }
}
