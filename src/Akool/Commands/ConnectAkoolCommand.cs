using System;
using System.Collections;
using System.Management.Automation;
using System.Net;
using System.Runtime.InteropServices;
using System.Security;
using Akool.Client;

namespace Akool.Commands
{
    /// <summary>
    /// <para type="synopsis">Connects to the Akool API and makes the connection current.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "Akool", DefaultParameterSetName = FromEnvironmentSet)]
    [OutputType(typeof(AkoolConnection))]
    public sealed class ConnectAkoolCommand : AsyncPipelineCmdlet
    {
        private const string ApiKeySet = "ApiKey";
        private const string ClientCredentialsSet = "ClientCredentials";
        private const string CredentialSet = "Credential";
        private const string TokenSet = "Token";
        private const string FromEnvironmentSet = "FromEnvironment";

        /// <summary>The API key (sent as <c>x-api-key</c>); a string or a SecureString.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ApiKeySet)]
        [SecretTransformation]
        [ValidateNotNull]
        public SecureString? ApiKey { get; set; }

        /// <summary>The client id: with -ClientSecret to mint tokens; with -ApiKey only to verify webhooks.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ClientCredentialsSet)]
        [Parameter(ParameterSetName = ApiKeySet)]
        [ValidateNotNullOrEmpty]
        public string? ClientId { get; set; }

        /// <summary>The client secret; a string or a SecureString.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ClientCredentialsSet)]
        [SecretTransformation]
        [ValidateNotNull]
        public SecureString? ClientSecret { get; set; }

        /// <summary>Client id (user name) and client secret (password), as a runbook's credential asset gives them.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [ValidateNotNull]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>A bearer token minted elsewhere; it cannot be renewed when it expires.</summary>
        [Parameter(Mandatory = true, ParameterSetName = TokenSet)]
        [SecretTransformation]
        [ValidateNotNull]
        public SecureString? Token { get; set; }

        /// <summary>The API's address; default AKOOL_API_HOST, else https://openapi.akool.com. Plain http only for loopback.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? BaseUri { get; set; }

        /// <summary>How many times a transient failure (network, HTTP 429/5xx, code 1005) is retried.</summary>
        [Parameter]
        [ValidateRange(0, 20)]
        public int MaximumRetryCount { get; set; } = RetryPolicy.Default.MaximumRetryCount;

        /// <summary>
        /// Seconds before the first retry when Akool gives no Retry-After; each further retry waits about twice as
        /// long (with jitter), up to 30 s.
        /// </summary>
        [Parameter]
        [ValidateRange(0.01, 60.0)]
        public double RetryInterval { get; set; } = RetryPolicy.Default.BaseDelay.TotalSeconds;

        /// <summary>Seconds one request may take before it counts as timed out.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int RequestTimeout { get; set; } = 100;

        /// <summary>Writes the connection object (for -Connection) to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            Uri baseUri = ResolveBaseUri();
            Authenticator authenticator = null!;
            string? clientId = null;
            Secret? webhookSecret = null;
            try
            {
                (authenticator, clientId, webhookSecret) = ResolveCredentials();
            }
            catch (AkoolApiException ex)
            {
                // A secret that cannot be sent (Secret.ForHeader): say so now; nothing was sent, nothing to retry.
                ThrowTerminatingError(ApiErrors.FromApi(ex, "Connect-Akool", null));
            }
            var options = new AkoolClientOptions
            {
                BaseUri = baseUri,
                Retry = new RetryPolicy(MaximumRetryCount, TimeSpan.FromSeconds(RetryInterval), RetryPolicy.Default.MaximumDelay),
                RequestTimeout = TimeSpan.FromSeconds(RequestTimeout),
                UserAgent = UserAgent(),
            };
            var connection = new AkoolConnection(new AkoolClient(options, authenticator), clientId, webhookSecret, DateTimeOffset.UtcNow);

            WriteVerbose($"Connecting to {baseUri} with {authenticator.Mode} authentication.");
            try
            {
                Await(connection.Client.GetCreditAsync(ClientLog, StopToken));
            }
            catch (AkoolApiException ex)
            {
                connection.Dispose();
                ThrowTerminatingError(ApiErrors.FromApi(ex, $"Connecting to {baseUri} failed", baseUri));
            }
            catch
            {
                connection.Dispose();
                throw;
            }

            // The connection it replaces is not disposed: a script may still hold it (-PassThru, Get-AkoolConnection)
            // or a batch in another runspace may still be using it. Only Disconnect-Akool disposes a connection.
            AkoolSession.SetCurrent(connection);
            if (PassThru) WriteObject(connection);
        }

        private Uri ResolveBaseUri()
        {
            Uri? uri = BaseUri;
            if (uri == null)
            {
                string? fromEnvironment = Environment.GetEnvironmentVariable("AKOOL_API_HOST");
                uri = string.IsNullOrWhiteSpace(fromEnvironment) ? AkoolClientOptions.DefaultBaseUri : TryParse(fromEnvironment!, "AKOOL_API_HOST");
            }

            if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                Fail(ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, uri, $"The base URI '{uri}' is not an absolute http(s) address.");
            }
            if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
            {
                // The key travels in a header: over plain http anyone on the path could read it.
                Fail(ErrorIds.InsecureBaseUri, ErrorCategory.SecurityError, uri,
                    $"The base URI '{uri}' uses plain http, which would send the API key unencrypted. Use https (plain http is allowed only for loopback, such as the emulator).");
            }
            return uri;
        }

        private Uri TryParse(string text, string source)
        {
            if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out Uri? uri))
            {
                Fail(ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, text, $"{source} ('{text}') is not an absolute URI.");
            }
            return uri!;
        }

        private static bool IsLoopback(Uri uri) =>
            uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out IPAddress? address) && IPAddress.IsLoopback(address));

        private (Authenticator, string?, Secret?) ResolveCredentials()
        {
            switch (ParameterSetName)
            {
                case ApiKeySet:
                    Secret key = Secret.ForHeader(ApiKey!, "-ApiKey");
                    RequireNotEmpty(key, "-ApiKey");
                    // At Akool the API key is the client secret, so with a client id it can verify webhooks too.
                    string? keyClientId = string.IsNullOrWhiteSpace(ClientId) ? null : ClientId!.Trim();
                    return (new ApiKeyAuthenticator(key), keyClientId, keyClientId == null ? null : key);
                case ClientCredentialsSet:
                    return ClientCredentials(ClientId!.Trim(), Secret.ForHeader(ClientSecret!, "-ClientSecret"), "-ClientSecret");
                case CredentialSet:
                    return ClientCredentials(Credential!.UserName.Trim(), Secret.ForHeader(Credential.Password, "-Credential"), "-Credential");
                case TokenSet:
                    Secret token = Secret.ForHeader(Token!, "-Token");
                    RequireNotEmpty(token, "-Token");
                    return (new BearerTokenAuthenticator(token), null, null);
                default:
                    return FromEnvironment();
            }
        }

        private (Authenticator, string?, Secret?) ClientCredentials(string clientId, Secret secret, string parameter)
        {
            if (string.IsNullOrWhiteSpace(clientId))
            {
                Fail(ErrorIds.CredentialMissing, ErrorCategory.InvalidArgument, null, $"The client id given with {parameter} is empty.");
            }
            RequireNotEmpty(secret, parameter);
            return (new ClientCredentialsAuthenticator(clientId, secret), clientId, secret);
        }

        private (Authenticator, string?, Secret?) FromEnvironment()
        {
            string? apiKey = Environment.GetEnvironmentVariable("AKOOL_API_KEY");
            string? clientId = Environment.GetEnvironmentVariable("AKOOL_CLIENT_ID");
            string? clientSecret = Environment.GetEnvironmentVariable("AKOOL_CLIENT_SECRET");
            if (!string.IsNullOrWhiteSpace(apiKey))
            {
                Secret key = Secret.ForHeader(apiKey!, "AKOOL_API_KEY");
                string? id = string.IsNullOrWhiteSpace(clientId) ? null : clientId!.Trim();
                return (new ApiKeyAuthenticator(key), id, id == null ? null : key);
            }
            if (!string.IsNullOrWhiteSpace(clientId) && !string.IsNullOrWhiteSpace(clientSecret))
            {
                return ClientCredentials(clientId!.Trim(), Secret.ForHeader(clientSecret!, "AKOOL_CLIENT_SECRET"), "AKOOL_CLIENT_SECRET");
            }
            Fail(ErrorIds.CredentialMissing, ErrorCategory.AuthenticationError, null,
                "No credentials: pass -ApiKey, -ClientId and -ClientSecret, -Credential or -Token, or set AKOOL_API_KEY (or AKOOL_CLIENT_ID and AKOOL_CLIENT_SECRET).");
            throw new InvalidOperationException(); // not reached: Fail throws
        }

        private void RequireNotEmpty(Secret secret, string parameter)
        {
            if (secret.IsEmpty) Fail(ErrorIds.CredentialMissing, ErrorCategory.InvalidArgument, null, $"The secret given with {parameter} is empty.");
        }

        private void Fail(string errorId, ErrorCategory category, object? target, string message) =>
            ThrowTerminatingError(ApiErrors.Create(errorId, category, target, message));

        private string UserAgent()
        {
            string moduleVersion = typeof(ConnectAkoolCommand).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
            string psVersion = (SessionState.PSVariable.GetValue("PSVersionTable") as Hashtable)?["PSVersion"]?.ToString() ?? "unknown";
            return $"Akool-PowerShell/{moduleVersion} PowerShell/{psVersion} ({RuntimeInformation.OSDescription.Trim()})";
        }
    }
}
