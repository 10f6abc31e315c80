using System.Runtime.CompilerServices;

namespace Akool.Webhooks
{
    /// <summary>Comparison whose duration does not depend on where two values first differ.</summary>
    internal static class FixedTime
    {
        /// <summary>
        /// True when both arrays hold the same bytes. Every byte is looked at even after a difference, so the time
        /// taken tells an attacker nothing about how much of a forged signature was right. (CryptographicOperations
        /// .FixedTimeEquals would do, but it is not in netstandard2.0 nor in .NET Framework.)
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.NoOptimization)]
        public static bool Equals(byte[] left, byte[] right)
        {
            // The length is public (a SHA-1 is always 20 bytes), so leaving early on it leaks nothing.
            if (left.Length != right.Length) return false;
            int difference = 0;
            for (int i = 0; i < left.Length; i++)
            {
                difference |= left[i] ^ right[i];
            }
            return difference == 0;
        }
    }
}
