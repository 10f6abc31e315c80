using System;
using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Management.Automation;
using System.Net;
using System.Runtime.InteropServices;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Errors;
using Akool.Input;
using Akool.Models;

namespace Akool.Commands
{
    /// <summary>Connects to the Akool API and makes the connection current.</summary>
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

        /// <summary>Seconds before the first retry when Akool gives no Retry-After.</summary>
        [Parameter]
        [Alias("RetryIntervalSec")]
        [ValidateRange(0.01, 60.0)]
        public double RetryInterval { get; set; } = RetryPolicy.Default.BaseDelay.TotalSeconds;

        /// <summary>Seconds one request may take before it counts as timed out.</summary>
        [Parameter]
        [Alias("TimeoutSec")]
        [ValidateRange(1, 3600)]
        public int RequestTimeout { get; set; } = 100;

        /// <summary>Seconds Connect-Akool's own check (one cheap call, its retries included) may take in all before it gives up.</summary>
        [Parameter]
        [Alias("ConnectTimeoutSec")]
        [ValidateRange(1, 3600)]
        public int ConnectTimeout { get; set; } = 30;

        /// <summary>Seconds any later call of this connection (a status read, the voice list, a create) may take in all, its retries and their pauses included, before it fails.</summary>
        [Parameter]
        [Alias("OperationTimeoutSec")]
        [ValidateRange(1, 86400)]
        public int OperationTimeout { get; set; } = 120;

        /// <summary>The proxy for every request of this connection, API calls and video downloads alike, loopback addresses included (as Invoke-RestMethod's -Proxy).</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? Proxy { get; set; }

        /// <summary>The user name and password for -Proxy (sent as the proxy asks, e.g. Basic).</summary>
        [Parameter]
        [ValidateNotNull]
        [Credential]
        public PSCredential? ProxyCredential { get; set; }

        /// <summary>Sends the signed-in user's credentials to -Proxy (Windows integrated authentication).</summary>
        [Parameter]
        public SwitchParameter ProxyUseDefaultCredentials { get; set; }

        /// <summary>Connects directly, ignoring HTTPS_PROXY/HTTP_PROXY and the system proxy.</summary>
        [Parameter]
        public SwitchParameter NoProxy { get; set; }

        /// <summary>Writes the connection object (for -Connection) to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            Uri baseUri = ResolveBaseUri();
            ProxySettings proxy = ResolveProxy();
            BoundCredential? bound = null;
            try
            {
                bound = CredentialBinder.Bind(ClientId, ClientSecret, Credential, ApiKey, Token, fromEnvironment: ParameterSetName == FromEnvironmentSet);
            }
            catch (AkoolApiException ex)
            {
                // A secret that cannot be sent (Secret.ForHeader): say so now; nothing was sent, nothing to retry.
                ThrowTerminatingError(ErrorClassifier.From(ex, "Connect-Akool", baseUri));
            }
            catch (AkoolException ex)
            {
                Fail(ErrorIds.CredentialMissing, ErrorCategory.InvalidArgument, null, ex.Message);
            }
            if (bound == null)
            {
                Fail(ErrorIds.CredentialMissing, ErrorCategory.AuthenticationError, null,
                    "No credentials: pass -ApiKey, -ClientId and -ClientSecret, -Credential or -Token, or set AKOOL_API_KEY (or AKOOL_CLIENT_ID and AKOOL_CLIENT_SECRET).");
            }
            Authenticator authenticator =
                bound.Mode == AkoolAuthenticationMode.ApiKey ? new ApiKeyAuthenticator(bound.Secret)
                : bound.Mode == AkoolAuthenticationMode.Token ? new BearerTokenAuthenticator(bound.Secret)
                : (Authenticator)new ClientCredentialsAuthenticator(bound.ClientId!, bound.Secret);
            var options = new AkoolClientOptions
            {
                BaseUri = baseUri,
                Retry = new RetryPolicy(MaximumRetryCount, TimeSpan.FromSeconds(RetryInterval), RetryPolicy.Default.MaximumDelay),
                RequestTimeout = TimeSpan.FromSeconds(RequestTimeout),
                OperationTimeout = TimeSpan.FromSeconds(OperationTimeout),
                UserAgent = UserAgent(),
                Proxy = proxy,
            };
            var connection = new AkoolConnection(new AkoolClient(options, authenticator), bound.ClientId, bound.ClientId == null ? null : bound.Secret, DateTimeOffset.UtcNow);

            Uri? through = proxy.ProxyFor(baseUri);
            WriteVerbose($"Connecting to {baseUri} with {authenticator.Mode} authentication, " +
                (through == null ? "directly." : $"through the proxy {through} ({proxy.Mode}{(proxy.UserName == null ? string.Empty : ", user " + proxy.UserName)})."));
            try
            {
                int seconds = ConnectTimeout;
                RunOne(context => CheckAsync(connection.Client, context, through, seconds));
            }
            catch (Exception ex)
            {
                connection.Dispose();
                ErrorRecord? record = ex is AkoolApiException api ? ConnectFailed(api, baseUri)
                    : ex is TimeoutException ? ErrorClassifier.Create(ex, ErrorIds.RequestTimeout, ErrorCategory.OperationTimeout, baseUri, ex.Message,
                        "Check the address (-BaseUri or AKOOL_API_HOST) and the proxy (-Proxy, HTTPS_PROXY, or -NoProxy to go direct); on a slow link, raise -ConnectTimeout.")
                    : null;
                if (record == null) throw;
                ThrowTerminatingError(record);
            }

            // The connection it replaces is not disposed: a script may still hold it (-PassThru, Get-AkoolConnection)
            // or a batch in another runspace may still be using it. Only Disconnect-Akool disposes a connection.
            AkoolSession.SetCurrent(connection);
            if (PassThru) WriteObject(connection);
        }

        // Bounded as a whole by -ConnectTimeout: a person waits at the prompt, so a peer that never answers must not hold
        // it for RequestTimeout x (retries + 1).
        private static async Task<decimal> CheckAsync(AkoolClient client, Concurrency.WorkContext context, Uri? through, int seconds)
        {
            using (var budget = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation))
            {
                budget.CancelAfter(TimeSpan.FromSeconds(seconds));
                try
                {
                    return await client.VerifyAsync(context.Log, budget.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (budget.IsCancellationRequested && !context.Cancellation.IsCancellationRequested)
                {
                    // Whatever the client made of the cancellation (its own timeout, a cancelled retry delay), the
                    // cause is that nothing answered within the budget.
                    throw new TimeoutException(string.Format(CultureInfo.InvariantCulture,
                        "Connecting to {0} got no answer within {1} s{2}.", client.BaseUri, seconds,
                        through == null ? string.Empty : " through the proxy " + through), ex);
                }
            }
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

        // Invoke-RestMethod's rules, checked here: parameter sets for them would double the five credential sets.
        private ProxySettings ResolveProxy()
        {
            bool anyProxyParameter = Proxy != null || ProxyCredential != null || ProxyUseDefaultCredentials;
            if (NoProxy && anyProxyParameter)
            {
                Fail(ErrorIds.ProxyParameterConflict, ErrorCategory.InvalidArgument, null, "-NoProxy cannot be combined with -Proxy, -ProxyCredential or -ProxyUseDefaultCredentials.");
            }
            if (NoProxy) return ProxySettings.NoProxy;
            if (ProxyCredential != null && ProxyUseDefaultCredentials)
            {
                Fail(ErrorIds.ProxyParameterConflict, ErrorCategory.InvalidArgument, null, "-ProxyCredential and -ProxyUseDefaultCredentials cannot be used together.");
            }
            if (Proxy == null)
            {
                if (anyProxyParameter)
                {
                    Fail(ErrorIds.ProxyParameterConflict, ErrorCategory.InvalidArgument, null, "-ProxyCredential and -ProxyUseDefaultCredentials need -Proxy.");
                }
                return ProxySettings.SystemDefault;
            }

            Uri shown = Proxy.IsAbsoluteUri ? ProxySettings.WithoutUserInfo(Proxy) : Proxy;
            if (!Proxy.IsAbsoluteUri || !IsProxyScheme(Proxy.Scheme))
            {
                Fail(ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, shown, $"The proxy '{shown}' is not an absolute http, https or socks address, such as http://proxy.example.com:3128.");
            }
            if (!string.IsNullOrEmpty(Proxy.UserInfo))
            {
                // A password in the address would show in Get-AkoolConnection and in verbose output.
                Fail(ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, shown, $"The proxy address '{shown}' carries a user name or password; pass them with -ProxyCredential instead.");
            }
            return ProxySettings.Explicit(Proxy, ProxyCredential?.GetNetworkCredential(), ProxyUseDefaultCredentials);
        }

        private static bool IsProxyScheme(string scheme) =>
            scheme == Uri.UriSchemeHttp || scheme == Uri.UriSchemeHttps || scheme.StartsWith("socks", StringComparison.OrdinalIgnoreCase);

        private static ErrorRecord ConnectFailed(AkoolApiException ex, Uri baseUri)
        {
            if (ex.Kind != AkoolErrorKind.Unreachable && ex.Kind != AkoolErrorKind.ProxyUnreachable && ex.Kind != AkoolErrorKind.ProxyAuthentication)
            {
                return ErrorClassifier.From(ex, $"Connecting to {baseUri} failed", baseUri);
            }
            (string id, ErrorCategory category, string? advice) = ErrorClassifier.Describe(ex.Kind);
            return ErrorClassifier.Create(ex, id, category, baseUri, ex.Message, advice);
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

        [DoesNotReturn]
        private void Fail(string errorId, ErrorCategory category, object? target, string message) =>
            this.Terminate(ErrorClassifier.Create(errorId, category, target, message));

        private string UserAgent()
        {
            string moduleVersion = typeof(ConnectAkoolCommand).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
            string psVersion = (SessionState.PSVariable.GetValue("PSVersionTable") as Hashtable)?["PSVersion"]?.ToString() ?? "unknown";
            return $"Akool-PowerShell/{moduleVersion} PowerShell/{psVersion} ({RuntimeInformation.OSDescription.Trim()})";
        }
    }
}
