using System;
using System.Management.Automation;
using System.Security;
using Akool.Client;

namespace Akool.Input
{
    // With a client id, the secret (client secret or API key, one value at Akool) also decrypts webhooks.
    internal sealed class BoundCredential
    {
        public readonly AkoolAuthenticationMode Mode;
        public readonly string? ClientId;
        public readonly Secret Secret;

        public readonly string Source;

        public BoundCredential(AkoolAuthenticationMode mode, string? clientId, Secret secret, string source) =>
            (Mode, ClientId, Secret, Source) = (mode, clientId, secret, source);
    }

    internal static class CredentialBinder
    {
        public static BoundCredential? Bind(string? clientId, SecureString? clientSecret, PSCredential? credential, SecureString? apiKey = null, SecureString? token = null, bool fromEnvironment = false)
        {
            if (apiKey != null) return ApiKey(Secret.ForHeader(apiKey, "-ApiKey"), clientId, "-ApiKey");
            if (clientSecret != null) return ClientSecret(clientId, Secret.ForHeader(clientSecret, "-ClientSecret"), "-ClientSecret");
            if (credential != null) return ClientSecret(credential.UserName, Secret.ForHeader(credential.Password, "-Credential"), "-Credential");
            if (token != null) return NotEmpty(new BoundCredential(AkoolAuthenticationMode.Token, null, Secret.ForHeader(token, "-Token"), "-Token"));
            if (!fromEnvironment) return null;

            string? environmentKey = Variable("AKOOL_API_KEY");
            string? environmentId = Variable("AKOOL_CLIENT_ID");
            string? environmentSecret = Variable("AKOOL_CLIENT_SECRET");
            if (environmentKey != null) return ApiKey(Secret.ForHeader(environmentKey, "AKOOL_API_KEY"), environmentId, "AKOOL_API_KEY");
            if (environmentId != null && environmentSecret != null) return ClientSecret(environmentId, Secret.ForHeader(environmentSecret, "AKOOL_CLIENT_SECRET"), "AKOOL_CLIENT_SECRET");
            return null;
        }

        // At Akool the API key is the client secret, so with a client id it can decrypt webhooks too.
        private static BoundCredential ApiKey(Secret key, string? clientId, string source) =>
            NotEmpty(new BoundCredential(AkoolAuthenticationMode.ApiKey, string.IsNullOrWhiteSpace(clientId) ? null : clientId!.Trim(), key, source));

        private static BoundCredential ClientSecret(string? clientId, Secret secret, string source)
        {
            if (string.IsNullOrWhiteSpace(clientId)) throw new AkoolException($"The client id given with {source} is empty.");
            return NotEmpty(new BoundCredential(AkoolAuthenticationMode.ClientCredentials, clientId!.Trim(), secret, source));
        }

        private static BoundCredential NotEmpty(BoundCredential bound)
        {
            if (bound.Secret.IsEmpty) throw new AkoolException($"The secret given with {bound.Source} is empty.");
            return bound;
        }

        private static string? Variable(string name)
        {
            string? value = Environment.GetEnvironmentVariable(name);
            return string.IsNullOrWhiteSpace(value) ? null : value;
        }
    }
}
