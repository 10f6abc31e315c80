using Akool.Client;

namespace Akool
{
    /// <summary>
    /// The checks every cmdlet that takes a client id and secret makes (Connect-Akool, ConvertFrom-AkoolWebhook),
    /// so both say the same thing about the same mistake.
    /// </summary>
    internal static class CredentialRules
    {
        /// <summary>What is wrong with a client id and secret given with <paramref name="source"/> (a parameter or variable name), or null.</summary>
        public static string? ClientCredentialsProblem(string? clientId, Secret secret, string source)
        {
            if (string.IsNullOrWhiteSpace(clientId)) return $"The client id given with {source} is empty.";
            return SecretProblem(secret, source);
        }

        /// <summary>What is wrong with a secret given with <paramref name="source"/>, or null.</summary>
        public static string? SecretProblem(Secret secret, string source) =>
            secret.IsEmpty ? $"The secret given with {source} is empty." : null;
    }
}
