using System.Text;

namespace Akool.Completion
{
    internal static class Quoting
    {
        // PowerShell takes the typographic quotes as quotes too: a word typed from a pasted line may start with one.
        private static readonly char[] Quotes = { '\'', '"', '\u2018', '\u2019', '\u201A', '\u201B', '\u201C', '\u201D', '\u201E' };

        public static string Unquote(string? word) => (word ?? string.Empty).Trim(Quotes);

        // Bare only for letters, digits, '-', '_' and '.' (not a leading '-', read as a parameter): ids and voice names
        // promise no shape, and ';' or '$' must not become code on the line.
        public static string Quote(string value)
        {
            bool bare = value.Length > 0 && value[0] != '-';
            foreach (char c in value) bare &= char.IsLetterOrDigit(c) || c == '-' || c == '_' || c == '.';
            if (bare) return value;

            // PowerShell ends a single-quoted string at any of its single-quote characters, the typographic ones too.
            var quoted = new StringBuilder(value.Length + 4).Append('\'');
            foreach (char c in value)
            {
                if (c == '\'' || c == '\u2018' || c == '\u2019' || c == '\u201A' || c == '\u201B') quoted.Append(c);
                quoted.Append(c);
            }
            return quoted.Append('\'').ToString();
        }
    }
}
