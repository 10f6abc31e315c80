using System;
using Akool.Client;

namespace Akool
{
    /// <summary>A connection to the Akool API; no property, format view or serialisation of it shows the secret.</summary>
    public sealed class AkoolConnection : IDisposable
    {
        private readonly Secret? _webhookSecret;

        internal AkoolConnection(AkoolClient client, string? clientId, Secret? webhookSecret, DateTimeOffset connectedAt)
        {
            Client = client;
            ClientId = clientId;
            _webhookSecret = webhookSecret;
            ConnectedAt = connectedAt;
        }

        /// <summary>The API's base URI.</summary>
        public Uri BaseUri => Client.BaseUri;

        /// <summary>How the connection authenticates.</summary>
        public AkoolAuthenticationMode AuthenticationMode => Client.AuthenticationMode;

        /// <summary>The client id, when one was given (needed to verify webhooks).</summary>
        public string? ClientId { get; }

        /// <summary>When the connection was made and verified.</summary>
        public DateTimeOffset ConnectedAt { get; }

        /// <summary>How many times a transient failure is retried.</summary>
        public int MaximumRetryCount => Client.Options.Retry.MaximumRetryCount;

        /// <summary>The first retry's delay when Akool gives no Retry-After.</summary>
        public TimeSpan RetryInterval => Client.Options.Retry.BaseDelay;

        /// <summary>How long one request may take.</summary>
        public TimeSpan RequestTimeout => Client.Options.RequestTimeout;

        /// <summary>How the proxy is chosen: Default (the platform's), Explicit (-Proxy) or None (-NoProxy).</summary>
        public AkoolProxyMode ProxyMode => Client.Options.Proxy.Mode;

        /// <summary>The proxy that requests to <see cref="BaseUri"/> go through (never with a password); null when they go direct.</summary>
        public Uri? Proxy => Client.Options.Proxy.ProxyFor(BaseUri);

        /// <summary>The user name given for the proxy, if any (never the password).</summary>
        public string? ProxyUserName => Client.Options.Proxy.UserName;

        /// <summary>True when this connection can verify and decrypt webhooks (it has both client id and secret).</summary>
        public bool CanVerifyWebhooks => ClientId != null && _webhookSecret != null;

        internal AkoolClient Client { get; }

        // The client secret (or API key, the same value at Akool) for webhook decryption.
        internal Secret? WebhookSecret => _webhookSecret;

        /// <summary>Describes the connection without any secret.</summary>
        public override string ToString() => $"{BaseUri} ({AuthenticationMode})";

        /// <inheritdoc />
        public void Dispose()
        {
            Client.Dispose();
            _webhookSecret?.Dispose();
        }
    }
}
