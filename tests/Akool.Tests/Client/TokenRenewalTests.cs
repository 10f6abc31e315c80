using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Akool.Client;
using Xunit;

namespace Akool.Tests.Client
{
    /// <summary>
    /// Client-credential tokens: each request reports the generation of the very token it carried, so a 1101 on a
    /// new token mints another instead of handing the failed one back.
    /// </summary>
    public sealed class TokenRenewalTests
    {
        private static AkoolClient ClientFor(TokenServer server, out ClientCredentialsAuthenticator authenticator)
        {
            authenticator = new ClientCredentialsAuthenticator("client-id", new Secret("secret-0123456789abcdef"));
            return new AkoolClient(new AkoolClientOptions
            {
                BaseUri = new Uri("https://api.example.com"),
                Retry = new RetryPolicy(0, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1)),
                Proxy = ProxySettings.NoProxy,
            }, authenticator, server);
        }

        private static async Task<(string Token, int Generation)> Apply(Authenticator authenticator, AkoolClient client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.example.com/x");
            int generation = await authenticator.ApplyAsync(request, client, CancellationToken.None);
            return (request.Headers.Authorization!.Parameter!, generation);
        }

        [Fact]
        public async Task ARequestDuringARenewalCarriesTheOldTokenWithTheOldGenerationAndAfterItTheNewWithTheNew()
        {
            var server = new TokenServer();
            using AkoolClient client = ClientFor(server, out ClientCredentialsAuthenticator authenticator);

            (string first, int firstGeneration) = await Apply(authenticator, client);
            Task<bool> renewal = server.HoldNextMint(() => authenticator.RenewAsync(firstGeneration, client, CancellationToken.None));
            await server.Minting;
            (string during, int duringGeneration) = await Apply(authenticator, client);
            server.Release();
            await renewal;
            (string after, int afterGeneration) = await Apply(authenticator, client);

            Assert.Equal(("t1", firstGeneration), (during, duringGeneration));
            Assert.Equal("t2", after);
            Assert.NotEqual(firstGeneration, afterGeneration);

            // A late report of the first token's failure does not mint again; the second's does.
            await authenticator.RenewAsync(firstGeneration, client, CancellationToken.None);
            Assert.Equal(("t2", afterGeneration), await Apply(authenticator, client));
            await authenticator.RenewAsync(afterGeneration, client, CancellationToken.None);
            Assert.Equal("t3", (await Apply(authenticator, client)).Token);
            Assert.Equal(3, server.Mints);
        }

        [Fact]
        public async Task A1101OnANewlyMintedTokenMintsAnotherAndTheCallSucceeds()
        {
            var server = new TokenServer { Refused = { "t2" } };
            using AkoolClient client = ClientFor(server, out ClientCredentialsAuthenticator authenticator);
            (_, int firstGeneration) = await Apply(authenticator, client);
            await authenticator.RenewAsync(firstGeneration, client, CancellationToken.None);

            decimal credit = await client.GetCreditAsync(null, CancellationToken.None);

            Assert.Equal(42m, credit);
            Assert.Equal(3, server.Mints);
        }

        [Fact]
        public async Task RequestsRacingRenewalsAlwaysReportTheGenerationOfTheTokenTheyCarry()
        {
            // Token tN is the Nth minted, so its generation must be N whatever renewal is under way.
            var server = new TokenServer();
            using AkoolClient client = ClientFor(server, out ClientCredentialsAuthenticator authenticator);
            (_, int generation) = await Apply(authenticator, client);
            using var renewing = new CancellationTokenSource();
            var mismatches = new System.Collections.Concurrent.ConcurrentBag<string>();
            Task[] requests = new Task[2];
            for (int i = 0; i < requests.Length; i++)
            {
                requests[i] = Task.Run(async () =>
                {
                    while (!renewing.IsCancellationRequested)
                    {
                        (string token, int applied) = await Apply(authenticator, client);
                        if (token != "t" + applied.ToString(CultureInfo.InvariantCulture)) mismatches.Add(token + " with generation " + applied);
                    }
                });
            }

            for (int renewal = 0; renewal < 200; renewal++)
            {
                await authenticator.RenewAsync(generation, client, CancellationToken.None);
                generation++;
            }
            renewing.Cancel();
            await Task.WhenAll(requests);

            Assert.Empty(mismatches);
            Assert.Equal(201, server.Mints);
        }

        /// <summary>getToken hands out t1, t2, …; the credit call answers 1101 to the tokens in <see cref="Refused"/>.</summary>
        private sealed class TokenServer : HttpMessageHandler
        {
            private readonly object _gate = new object();
            private TaskCompletionSource<bool>? _held;
            private readonly TaskCompletionSource<bool> _minting = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            private int _mints;

            public HashSet<string> Refused { get; } = new HashSet<string>(StringComparer.Ordinal);

            public int Mints => Volatile.Read(ref _mints);

            /// <summary>Completes when a held mint has reached the server.</summary>
            public Task Minting => _minting.Task;

            /// <summary>Runs <paramref name="start"/> with the next mint held at the server until <see cref="Release"/>.</summary>
            public Task<T> HoldNextMint<T>(Func<Task<T>> start)
            {
                lock (_gate) _held = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                return Task.Run(start);
            }

            public void Release()
            {
                lock (_gate) _held!.SetResult(true);
            }

            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.RequestUri!.AbsolutePath.EndsWith("/getToken", StringComparison.Ordinal))
                {
                    Task? hold;
                    lock (_gate) hold = _held?.Task;
                    if (hold != null)
                    {
                        _minting.TrySetResult(true);
                        await hold;
                        lock (_gate) _held = null;
                    }
                    int n = Interlocked.Increment(ref _mints);
                    return ScriptedClient.Json("{\"code\":1000,\"token\":\"t" + n.ToString(CultureInfo.InvariantCulture) + "\"}");
                }
                string token = request.Headers.Authorization?.Parameter ?? string.Empty;
                return Refused.Contains(token)
                    ? ScriptedClient.Json("{\"code\":1101,\"msg\":\"token invalid\"}")
                    : ScriptedClient.Json("{\"code\":1000,\"data\":{\"credit\":42}}");
            }
        }
    }
}
