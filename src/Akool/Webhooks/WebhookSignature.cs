using System;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace Akool.Webhooks
{
    internal static class WebhookSignature
    {
        public static string Compute(string clientId, string timestamp, string nonce, string dataEncrypt)
        {
            string[] parts = { clientId, timestamp, nonce, dataEncrypt };
            // Ordinal, as Akool sorts: a culture-aware sort puts '_' and upper/lower case elsewhere and gives another hash.
            Array.Sort(parts, StringComparer.Ordinal);
            // CA5350: SHA-1 is not our choice; Akool's signature is defined as SHA-1 and must be recomputed as such.
#pragma warning disable CA5350
            using (SHA1 sha1 = SHA1.Create())
#pragma warning restore CA5350
            {
                // Convert.ToHexString is not in netstandard2.0 nor in .NET Framework.
                return BitConverter.ToString(sha1.ComputeHash(Encoding.UTF8.GetBytes(string.Concat(parts)))).Replace("-", string.Empty).ToLowerInvariant();
            }
        }

        public static bool Matches(string signature, string clientId, string timestamp, string nonce, string dataEncrypt) =>
            FixedTimeEquals(
                Encoding.UTF8.GetBytes(Compute(clientId, timestamp, nonce, dataEncrypt)),
                Encoding.UTF8.GetBytes(signature.Trim().ToLowerInvariant()));

        // Every byte is compared, so timing tells nothing of how much of a forged signature was right
        // (CryptographicOperations.FixedTimeEquals is not in netstandard2.0).
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.NoOptimization)]
        internal static bool FixedTimeEquals(byte[] left, byte[] right)
        {
            // The length is public (a SHA-1 is always 40 hex digits), so leaving early on it leaks nothing.
            if (left.Length != right.Length) return false;
            int difference = 0;
            for (int i = 0; i < left.Length; i++) difference |= left[i] ^ right[i];
            return difference == 0;
        }
    }
}
