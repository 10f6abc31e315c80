using System.Globalization;
using System.Linq;
using System.Text;

namespace Akool.Models
{
    // A newline could forge a line of output, an escape sequence repaint the terminal, a bidi override reverse a name.
    internal static class DisplayText
    {
        public static bool IsUnsafe(char c) =>
            char.IsControl(c)
            || c == '\u061C' || c == '\u200E' || c == '\u200F'
            || (c >= '\u202A' && c <= '\u202E')
            || (c >= '\u2066' && c <= '\u2069')
            || c == '\u2028' || c == '\u2029' || c == '\uFEFF';

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
