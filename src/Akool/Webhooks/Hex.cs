namespace Akool.Webhooks
{
    /// <summary>Lower-case hex both ways (Convert.ToHexString is not in netstandard2.0 nor in .NET Framework).</summary>
    internal static class Hex
    {
        private const string Digits = "0123456789abcdef";

        /// <summary>The lower-case hex form of <paramref name="bytes"/>.</summary>
        public static string ToLower(byte[] bytes)
        {
            var chars = new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = Digits[bytes[i] >> 4];
                chars[2 * i + 1] = Digits[bytes[i] & 0xF];
            }
            return new string(chars);
        }

        /// <summary>Decodes hex (either case); null when <paramref name="text"/> is not an even run of hex digits.</summary>
        public static byte[]? TryParse(string text)
        {
            if (text.Length % 2 != 0) return null;
            var bytes = new byte[text.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                int high = Value(text[2 * i]);
                int low = Value(text[2 * i + 1]);
                if (high < 0 || low < 0) return null;
                bytes[i] = (byte)((high << 4) | low);
            }
            return bytes;
        }

        private static int Value(char c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        }
    }
}
