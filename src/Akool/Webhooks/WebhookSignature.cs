using System;
using System.Security.Cryptography;
using System.Text;

namespace Akool.Webhooks
{
    /// <summary>Akool's callback signature: SHA-1 of the client id, timestamp, nonce and ciphertext, sorted ordinally.</summary>
    internal static class WebhookSignature
    {
        /// <summary>The lower-case hex signature Akool computes for these four strings.</summary>
        public static string Compute(string clientId, string timestamp, string nonce, string dataEncrypt) =>
            Hex.ToLower(Hash(clientId, timestamp, nonce, dataEncrypt));

        /// <summary>True when <paramref name="signature"/> (hex, either case) is the signature of the four strings; compared in fixed time.</summary>
        public static bool Matches(string signature, string clientId, string timestamp, string nonce, string dataEncrypt)
        {
            byte[] expected = Hash(clientId, timestamp, nonce, dataEncrypt);
            byte[]? given = Hex.TryParse(signature.Trim());
            return given != null && FixedTime.Equals(expected, given);
        }

        private static byte[] Hash(string clientId, string timestamp, string nonce, string dataEncrypt)
        {
            string[] parts = { clientId, timestamp, nonce, dataEncrypt };
            // Ordinal, as Akool sorts: a culture-aware sort puts '_' and upper/lower case elsewhere and gives another hash.
            Array.Sort(parts, StringComparer.Ordinal);
            // CA5350: SHA-1 is not our choice; Akool's signature is defined as SHA-1 and must be recomputed as such.
#pragma warning disable CA5350
            using (SHA1 sha1 = SHA1.Create())
#pragma warning restore CA5350
            {
                return sha1.ComputeHash(Encoding.UTF8.GetBytes(string.Concat(parts)));
            }
        }
    }
}
