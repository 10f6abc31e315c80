using System;
using System.Runtime.InteropServices;
using System.Security;

namespace Akool.Client
{
    /// <summary>
    /// A credential kept in a <see cref="SecureString"/>. It is revealed only for the moment a request header is
    /// written, and its <see cref="ToString"/> shows a masked hint, so it cannot leak through formatting or logs.
    /// </summary>
    internal sealed class Secret : IDisposable
    {
        private readonly SecureString _value;

        /// <summary>Wraps a copy of <paramref name="value"/>; the caller keeps ownership of its own instance.</summary>
        public Secret(SecureString value)
        {
            if (value == null) throw new ArgumentNullException(nameof(value));
            _value = value.Copy();
            _value.MakeReadOnly();
            // Long secrets show their last four characters so a user can tell two keys apart; short ones show nothing.
            string clear = Reveal();
            Hint = clear.Length >= 16 ? "****" + clear.Substring(clear.Length - 4) : "****";
        }

        /// <summary>Wraps a plain string (from an environment variable or a plain-text parameter).</summary>
        public Secret(string value) : this(ToSecureString(value))
        {
        }

        /// <summary>True when the secret is the empty string.</summary>
        public bool IsEmpty => _value.Length == 0;

        /// <summary>A masked hint, for example <c>****cdef</c>; never the secret.</summary>
        public string Hint { get; }

        /// <summary>The clear text. Call it only to write a header or derive a key, and drop the string at once.</summary>
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

        /// <summary>
        /// A credential as a user gave it (a parameter, a file read with <c>Get-Content -Raw</c>, an environment
        /// variable), made ready to send: surrounding white space (a trailing newline) is removed, the same way for
        /// every kind of secret, and a character an HTTP header cannot carry is refused at once, before anything
        /// is sent, with <see cref="AkoolErrorKind.InvalidCredential"/>. The message names the position, never the character.
        /// </summary>
        internal static Secret ForHeader(SecureString value, string source)
        {
            using (var raw = new Secret(value)) return ForHeader(raw.Reveal(), source);
        }

        /// <inheritdoc cref="ForHeader(SecureString, string)"/>
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

        /// <summary>The masked hint.</summary>
        public override string ToString() => Hint;

        /// <inheritdoc />
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
