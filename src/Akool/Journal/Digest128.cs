using System;

namespace Akool.Journal
{
    /// <summary>
    /// 128 bits of a row's digest (what the 32 hex digits of a <see cref="RowKey"/> show), kept as two numbers
    /// rather than as text: the run holds one per row.
    /// </summary>
    internal readonly struct Digest128 : IEquatable<Digest128>
    {
        private readonly ulong _high;
        private readonly ulong _low;

        public Digest128(ulong high, ulong low)
        {
            _high = high;
            _low = low;
        }

        /// <summary>The first 16 bytes of <paramref name="hash"/>.</summary>
        public static Digest128 Of(byte[] hash) => new Digest128(BitConverter.ToUInt64(hash, 0), BitConverter.ToUInt64(hash, 8));

        /// <summary>
        /// Reads 32 lower-case hex digits at the start of <paramref name="text"/> (as <see cref="RowKey"/> writes
        /// them); false for anything else. Only the bits matter, so the byte order need not match <see cref="Of"/>.
        /// </summary>
        public static bool TryParseHex(string text, out Digest128 digest)
        {
            digest = default;
            if (text.Length < 32) return false;
            if (!TryParseHex(text, 0, out ulong high) || !TryParseHex(text, 16, out ulong low)) return false;
            digest = new Digest128(high, low);
            return true;
        }

        public bool Equals(Digest128 other) => _high == other._high && _low == other._low;

        public override bool Equals(object? obj) => obj is Digest128 other && Equals(other);

        public override int GetHashCode() => unchecked((int)_high ^ (int)(_high >> 32) ^ (int)_low);

        private static bool TryParseHex(string text, int start, out ulong value)
        {
            value = 0;
            for (int i = start; i < start + 16; i++)
            {
                char c = text[i];
                int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
                if (digit < 0) return false;
                value = (value << 4) | (uint)digit;
            }
            return true;
        }
    }
}
