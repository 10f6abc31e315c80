using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Akool.Client
{
    /// <summary>
    /// Exchanges the client id and secret for a token (<c>getToken</c>) on first use and sends it as Bearer.
    /// Akool tokens live more than a year and have no refresh call, so a 1101 is answered by minting a new one,
    /// once, shared by every request that saw the old token fail.
    /// </summary>
    internal sealed class ClientCredentialsAuthenticator : Authenticator
    {
        private readonly string _clientId;
        private readonly Secret _clientSecret;
        private readonly SemaphoreSlim _mintLock = new SemaphoreSlim(1, 1);
        private Secret? _token;
        private int _generation;

        public ClientCredentialsAuthenticator(string clientId, Secret clientSecret)
        {
            _clientId = clientId;
            _clientSecret = clientSecret;
        }

        public override AkoolAuthenticationMode Mode => AkoolAuthenticationMode.ClientCredentials;

        public override int Generation => Volatile.Read(ref _generation);

        public override async Task ApplyAsync(HttpRequestMessage request, AkoolClient client, CancellationToken cancellationToken)
        {
            Secret token = Volatile.Read(ref _token) ?? await MintAsync(Generation, client, cancellationToken).ConfigureAwait(false);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Reveal());
        }

        public override async Task<bool> RenewAsync(int failedGeneration, AkoolClient client, CancellationToken cancellationToken)
        {
            await MintAsync(failedGeneration, client, cancellationToken).ConfigureAwait(false);
            return true;
        }

        private async Task<Secret> MintAsync(int failedGeneration, AkoolClient client, CancellationToken cancellationToken)
        {
            await _mintLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Someone else minted while we waited for the lock: use theirs.
                if (_token != null && _generation != failedGeneration) return _token;
                _token = await client.MintTokenAsync(_clientId, _clientSecret, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _generation);
                return _token;
            }
            finally
            {
                _mintLock.Release();
            }
        }

        /// <inheritdoc />
        protected override void Dispose(bool disposing)
        {
            if (disposing) _mintLock.Dispose();
            base.Dispose(disposing);
        }
    }
}
