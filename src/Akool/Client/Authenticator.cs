using System;
using System.Net.Http;
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

        /// <inheritdoc />
        public void Dispose()
        {
            Dispose(disposing: true);
            GC.SuppressFinalize(this);
        }

        /// <summary>Releases what the authenticator holds (a lock, a minted token).</summary>
        protected virtual void Dispose(bool disposing)
        {
        }
    }
}
