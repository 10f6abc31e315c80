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
        private readonly string _hint;

        /// <summary>Wraps a copy of <paramref name="value"/>; the caller keeps ownership of its own instance.</summary>
        public Secret(SecureString value)
        {
            if (value == null) throw new ArgumentNullException(nameof(value));
            _value = value.Copy();
            _value.MakeReadOnly();
            _hint = MakeHint(Reveal());
        }

        /// <summary>Wraps a plain string (from an environment variable or a plain-text parameter).</summary>
        public Secret(string value) : this(ToSecureString(value))
        {
        }

        /// <summary>True when the secret is the empty string.</summary>
        public bool IsEmpty => _value.Length == 0;

        /// <summary>A masked hint, for example <c>****cdef</c>; never the secret.</summary>
        public string Hint => _hint;

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

        /// <summary>The masked hint.</summary>
        public override string ToString() => _hint;

        /// <inheritdoc />
        public void Dispose() => _value.Dispose();

        private static SecureString ToSecureString(string value)
        {
            if (value == null) throw new ArgumentNullException(nameof(value));
            var secure = new SecureString();
            foreach (char c in value) secure.AppendChar(c);
            return secure;
        }

        // Long secrets show their last four characters so a user can tell two keys apart; short ones show nothing.
        private static string MakeHint(string clear) => clear.Length >= 16 ? "****" + clear.Substring(clear.Length - 4) : "****";
    }
}
