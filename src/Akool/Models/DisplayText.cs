using System.Globalization;
using System.Linq;
using System.Text;

namespace Akool.Models
{
    /// <summary>
    /// Makes user text (a row's Name) safe to show in a message: control characters (a newline could forge a
    /// second line of output, an escape sequence could repaint the terminal) and bidirectional overrides (which
    /// can make a name read backwards) are shown as <c>\u{XXXX}</c> instead of being written raw.
    /// </summary>
    internal static class DisplayText
    {
        /// <summary>True for characters that must not reach a message or a file name raw.</summary>
        public static bool IsUnsafe(char c) =>
            char.IsControl(c)
            || c == '\u061C' || c == '\u200E' || c == '\u200F'
            || (c >= '\u202A' && c <= '\u202E')
            || (c >= '\u2066' && c <= '\u2069')
            || c == '\u2028' || c == '\u2029' || c == '\uFEFF';

        /// <summary><paramref name="text"/> with every unsafe character escaped; the same string when there is none.</summary>
        public static string? Escape(string? text)
        {
            if (text == null || !text.Any(IsUnsafe)) return text;
            var escaped = new StringBuilder(text.Length + 16);
            foreach (char c in text)
            {
                if (IsUnsafe(c)) escaped.Append("\\u{").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)).Append('}');
                else escaped.Append(c);
            }
            return escaped.ToString();
        }
    }
}
