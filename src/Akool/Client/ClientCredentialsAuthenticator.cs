using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Akool.Client
{
    // Akool tokens live more than a year and have no refresh call: a 1101 mints a new one, once, shared by every
    // request that saw the old one fail.
    internal sealed class ClientCredentialsAuthenticator(string clientId, Secret clientSecret) : Authenticator
    {
        private readonly SemaphoreSlim _mintLock = new SemaphoreSlim(1, 1);

        // The token and its generation, published as one object: a request that reported one token's generation
        // while carrying another's would, on 1101, be handed back the very token that failed.
        private Minted? _current;

        public override AkoolAuthenticationMode Mode => AkoolAuthenticationMode.ClientCredentials;

        public override async Task<int> ApplyAsync(HttpRequestMessage request, AkoolClient client, CancellationToken cancellationToken)
        {
            Minted current = Volatile.Read(ref _current) ?? await MintAsync(0, client, cancellationToken).ConfigureAwait(false);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", current.Token.Reveal());
            return current.Generation;
        }

        public override async Task<bool> RenewAsync(int failedGeneration, AkoolClient client, CancellationToken cancellationToken)
        {
            await MintAsync(failedGeneration, client, cancellationToken).ConfigureAwait(false);
            return true;
        }

        private async Task<Minted> MintAsync(int failedGeneration, AkoolClient client, CancellationToken cancellationToken)
        {
            await _mintLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Someone else minted since the failed token was sent: use theirs.
                Minted? current = _current;
                if (current != null && current.Generation != failedGeneration) return current;
                Secret token = await client.MintTokenAsync(clientId, clientSecret, cancellationToken).ConfigureAwait(false);
                var minted = new Minted(token, (current?.Generation ?? 0) + 1);
                Volatile.Write(ref _current, minted);
                return minted;
            }
            finally
            {
                _mintLock.Release();
            }
        }

        public override void Dispose() => _mintLock.Dispose();

        private sealed class Minted
        {
            public Minted(Secret token, int generation)
            {
                Token = token;
                Generation = generation;
            }

            public Secret Token { get; }

            public int Generation { get; }
        }
    }
}
