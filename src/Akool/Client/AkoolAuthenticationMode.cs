namespace Akool.Client
{
    /// <summary>How a connection proves who it is to Akool.</summary>
    public enum AkoolAuthenticationMode
    {
        /// <summary>The <c>x-api-key</c> header (Akool's recommended way).</summary>
        ApiKey,
        /// <summary>Client id and secret exchanged for a bearer token, which is re-minted once when it expires.</summary>
        ClientCredentials,
        /// <summary>A bearer token minted elsewhere; it cannot be renewed.</summary>
        Token,
    }
}
