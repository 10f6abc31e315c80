using System;
using System.Runtime.InteropServices;
using System.Security;

namespace Akool.Client
{
    // Revealed only while a header is written; ToString shows a masked hint, so it cannot leak through formatting or logs.
    internal sealed class Secret : IDisposable
    {
        private readonly SecureString _value;

        public Secret(SecureString value)
        {
            if (value == null) throw new ArgumentNullException(nameof(value));
            _value = value.Copy();
            _value.MakeReadOnly();
            // Long secrets show their last four characters so a user can tell two keys apart; short ones show nothing.
            string clear = Reveal();
            Hint = clear.Length >= 16 ? "****" + clear.Substring(clear.Length - 4) : "****";
        }

        public Secret(string value) : this(ToSecureString(value))
        {
        }

        public bool IsEmpty => _value.Length == 0;

        public string Hint { get; }

        public string Reveal()
        {
            IntPtr pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(_value);
                return Marshal.PtrToStringUni(pointer) ?? string.Empty;
            }
            finally
            {
                if (pointer != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }

        // Trimmed the same way for every kind (a trailing newline from Get-Content -Raw); a character a header cannot carry
        // is refused before anything is sent, and the message names its position, never the character.
        internal static Secret ForHeader(SecureString value, string source)
        {
            using (var raw = new Secret(value)) return ForHeader(raw.Reveal(), source);
        }

        internal static Secret ForHeader(string value, string source)
        {
            string trimmed = value.Trim();
            for (int i = 0; i < trimmed.Length; i++)
            {
                char c = trimmed[i];
                // Akool's keys, secrets and tokens are visible ASCII; anything else cannot be a header value as is
                // (a non-ASCII key would fail inside the HTTP stack and look like a network error).
                if (c >= '!' && c <= '~') continue;
                string what = c == ' ' ? "a space" : char.IsControl(c) ? "a control character" : char.IsWhiteSpace(c) ? "a white-space character" : "a non-ASCII character";
                throw new AkoolApiException(AkoolErrorKind.InvalidCredential, string.Format(System.Globalization.CultureInfo.InvariantCulture,
                    "The secret given with {0} has {1} at position {2} of {3}, which cannot be sent in an HTTP header; nothing was sent. Akool's keys, secrets and tokens are plain ASCII letters, digits and punctuation: copy it again from the Akool console.",
                    source, what, i + 1, trimmed.Length));
            }
            return new Secret(trimmed);
        }

        public override string ToString() => Hint;

        public void Dispose() => _value.Dispose();

        private static SecureString ToSecureString(string value)
        {
            if (value == null) throw new ArgumentNullException(nameof(value));
            var secure = new SecureString();
            foreach (char c in value) secure.AppendChar(c);
            return secure;
        }
    }
}
