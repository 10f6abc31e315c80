using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Management.Automation;
using System.Security;
using Akool.Client;
using Akool.Errors;
using Akool.Input;
using Akool.Models;
using Akool.Webhooks;

namespace Akool.Commands
{
    /// <summary>Verifies and decrypts the callbacks Akool posts to a webhook URL.</summary>
    [Cmdlet(VerbsData.ConvertFrom, "AkoolWebhook", DefaultParameterSetName = ConnectionSet)]
    [OutputType(typeof(AkoolWebhookEvent))]
    public sealed class ConvertFromAkoolWebhookCommand : PSCmdlet, IDisposable
    {
        private const string ConnectionSet = "Connection";
        private const string ClientSecretSet = "ClientSecret";
        private const string CredentialSet = "Credential";
        private static readonly TimeSpan MinimumMaxAge = TimeSpan.FromSeconds(1);

        private string _clientId = string.Empty;
        private Secret? _secret;
        private bool _ownsSecret;

        /// <summary>The callback's body, as Akool posted it.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [Alias("Body")]
        [AllowNull]
        [AllowEmptyString]
        public object? InputObject { get; set; }

        /// <summary>The client id (Akool signs with it and derives the IV from it). Use with -ClientSecret.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ClientSecretSet)]
        [ValidateNotNullOrEmpty]
        public string? ClientId { get; set; }

        /// <summary>The client secret, which is also the API key: the key the payload is encrypted with. A string or a SecureString.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ClientSecretSet)]
        [SecretTransformation]
        [ValidateNotNull]
        public SecureString? ClientSecret { get; set; }

        /// <summary>Client id (user name) and client secret or API key (password), as a runbook's or function app's credential gives them.</summary>
        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [ValidateNotNull]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>The connection whose client id and secret to use instead of the current one (from Connect-Akool -PassThru).</summary>
        [Parameter(ParameterSetName = ConnectionSet)]
        [ValidateNotNull]
        public AkoolConnection? Connection { get; set; }

        /// <summary>How far a callback's timestamp may be from now, either way, before it is rejected as a possible replay.</summary>
        [Parameter]
        [Alias("MaxAgeSec")]
        [SecondsTransformation]
        public TimeSpan MaxAge { get; set; } = WebhookVerifier.DefaultMaxAge;

        /// <summary>A collection (for example a <c>[System.Collections.Generic.HashSet[string]]</c> you keep, or your own store that implements <c>ICollection[string]</c>) that records the events marked handled (the event's MarkHandled()), instead of this process's memory.</summary>
        // No [ValidateNotNull]: PowerShell would enumerate the whole store to check its items.
        [Parameter]
        public ICollection<string>? SeenIds { get; set; }

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            if (MaxAge < MinimumMaxAge)
            {
                ThrowTerminatingError(ErrorClassifier.Create(ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, MaxAge,
                    $"-MaxAge {MaxAge} is shorter than 1 second, so every callback would be rejected.",
                    "Give a number of seconds such as 600, or a time span such as '00:10:00'."));
            }

            if (SeenIds != null && StoreCall(() => SeenIds.IsReadOnly))
            {
                this.Terminate(SeenIdsUnusable(null, "is read-only or fixed-size, so it cannot record the events handled, and every repeat would be acted on again."));
            }

            ResolveCredentials();
            string? keyProblem = WebhookCipher.KeyProblem(_secret!);
            if (keyProblem != null)
            {
                // Every callback would fail the same way: say so once, before reading any.
                ThrowTerminatingError(ErrorClassifier.Create(new WebhookVerificationException(WebhookFailure.DecryptionFailed, keyProblem),
                    ErrorIds.WebhookDecryptionFailed, ErrorCategory.InvalidArgument, null, keyProblem, null));
            }
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            try
            {
                WebhookCallback callback = ReadCallback(InputObject);
                AkoolWebhookEvent webhookEvent = WebhookVerifier.Verify(callback, _clientId, _secret!, MaxAge, DateTimeOffset.UtcNow, WriteDebug);
                string key = WebhookReplayGuard.KeyOf(_clientId, webhookEvent.Id, webhookEvent.Status);
                if (StoreCall(() => WebhookReplayGuard.WasHandled(key, SeenIds)))
                {
                    // Akool retries deliveries, and a replay can be re-signed by anyone: an event already handled is
                    // not passed on again (not an error, so a receiver still answers 200 and Akool stops retrying).
                    WriteVerbose($"Ignored a callback for video {webhookEvent.Id} ({webhookEvent.Status}): that event was already handled (a repeated delivery or a replay).");
                    return;
                }
                WriteVerbose($"Verified the callback for video {webhookEvent.Id} ({webhookEvent.Status}), sent {webhookEvent.Timestamp:u}.");
                ICollection<string>? store = SeenIds;
                WriteObject(webhookEvent.RecordsInto(() => MarkHandled(key, store)));
            }
            catch (WebhookVerificationException ex)
            {
                WriteError(ErrorClassifier.From(ex, "Rejected an Akool webhook callback", InputObject));
            }
        }

        private T StoreCall<T>(Func<T> call)
        {
            try
            {
                return call();
            }
            catch (Exception ex) when (SeenIds != null && !(ex is PipelineStoppedException))
            {
                this.Terminate(SeenIdsUnusable(ex, $"failed when asked about an event: {ex.Message}"));
                throw;
            }
        }

        private static void MarkHandled(string key, ICollection<string>? store)
        {
            try
            {
                WebhookReplayGuard.MarkHandled(key, store);
            }
            catch (Exception ex) when (store != null)
            {
                throw new AkoolException($"{DescribeStore(store)} failed to record the event as handled: {ex.Message} {SeenIdsAdvice}", ex);
            }
        }

        private const string SeenIdsAdvice =
            "Pass a store that can grow, such as [System.Collections.Generic.HashSet[string]]::new(), or your own ICollection[string] whose Contains and Add work; or leave out -SeenIds to use this process's memory.";

        private ErrorRecord SeenIdsUnusable(Exception? cause, string problem) =>
            ErrorClassifier.Create(cause ?? new AkoolException(problem), ErrorIds.WebhookSeenIdsUnusable, ErrorCategory.InvalidArgument, SeenIds,
                $"{DescribeStore(SeenIds!)} {problem}", SeenIdsAdvice);

        private static string DescribeStore(ICollection<string> store) => $"-SeenIds (a {TypeName(store.GetType())})";

        private static string TypeName(Type type) =>
            type.IsGenericType
                ? type.Name.Substring(0, type.Name.IndexOf('`')) + "[" + string.Join(",", Array.ConvertAll(type.GetGenericArguments(), TypeName)) + "]"
                : type.Name;

        /// <inheritdoc />
        public void Dispose()
        {
            if (_ownsSecret) _secret?.Dispose();
            _secret = null;
        }

        private void ResolveCredentials()
        {
            BoundCredential? bound = null;
            try
            {
                // Bound as Connect-Akool binds them, so both derive the same key from the same input.
                bound = CredentialBinder.Bind(ClientId, ClientSecret, Credential);
            }
            catch (AkoolApiException ex)
            {
                ThrowTerminatingError(ErrorClassifier.From(ex, "ConvertFrom-AkoolWebhook", null));
            }
            catch (AkoolException ex)
            {
                MissingCredentials(ex.Message);
            }
            if (bound != null)
            {
                (_clientId, _secret, _ownsSecret) = (bound.ClientId!, bound.Secret, true);
                WriteVerbose($"Verifying callbacks for client id '{_clientId}' with the secret from {bound.Source} ({_secret}).");
                return;
            }

            AkoolConnection? connection = Connection ?? AkoolSession.Current;
            if (connection == null) MissingCredentials("No credentials were given and there is no current connection.");
            if (!connection.CanVerifyWebhooks || connection.WebhookSecret!.IsEmpty)
            {
                MissingCredentials($"{(Connection != null ? "-Connection" : "The current connection")} has no client id and secret (it was made with -Token, or with -ApiKey but without -ClientId).");
            }
            (_clientId, _secret, _ownsSecret) = (connection.ClientId!, connection.WebhookSecret, false);
            WriteVerbose($"Verifying callbacks for client id '{_clientId}' with the secret of {(Connection != null ? "-Connection" : "the current connection")} ({_secret}).");
        }

        [DoesNotReturn]
        private void MissingCredentials(string why) =>
            this.Terminate(ErrorClassifier.Create(ErrorIds.WebhookCredentialMissing, ErrorCategory.InvalidArgument, null,
                $"Verifying Akool webhooks needs the client id and the client secret (or API key): {why}",
                "Pass -ClientId and -ClientSecret, or -Credential (user name: client id; password: secret), or connect first with Connect-Akool -ClientId and -ClientSecret (or -ApiKey with -ClientId)."));

        private static WebhookCallback ReadCallback(object? input)
        {
            object? value = input is PSObject wrapped ? wrapped.BaseObject : input;
            switch (value)
            {
                case null:
                    throw new WebhookVerificationException(WebhookFailure.Malformed, "The callback body is empty.");
                case string json:
                    return WebhookCallback.Parse(json);
                case IDictionary dictionary:
                    return WebhookCallback.FromFields(Entries(dictionary));
                default:
                    // A PSCustomObject from ConvertFrom-Json, or any object with the four properties.
                    return WebhookCallback.FromFields(Properties(PSObject.AsPSObject(input)));
            }
        }

        private static IEnumerable<KeyValuePair<string, object?>> Entries(IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                yield return new KeyValuePair<string, object?>(entry.Key?.ToString() ?? string.Empty, Unwrap(entry.Value));
            }
        }

        private static List<KeyValuePair<string, object?>> Properties(PSObject source)
        {
            var fields = new List<KeyValuePair<string, object?>>();
            foreach (PSPropertyInfo property in source.Properties)
            {
                object? value;
                try
                {
                    value = property.Value;
                }
                catch (GetValueException)
                {
                    // A property that cannot be read is not one of the callback's fields.
                    continue;
                }
                fields.Add(new KeyValuePair<string, object?>(property.Name, Unwrap(value)));
            }
            return fields;
        }

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
    }
}
