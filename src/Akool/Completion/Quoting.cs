using System.Text;

namespace Akool.Completion
{
    /// <summary>
    /// The one quoting rule of every completer: how a word being typed is read, and how a value is written back so
    /// that PowerShell reads it as that one value and nothing else.
    /// </summary>
    internal static class Quoting
    {
        // PowerShell takes the typographic quotes as quotes too: a word typed from a pasted line may start with one.
        private static readonly char[] Quotes = { '\'', '"', '\u2018', '\u2019', '\u201A', '\u201B', '\u201C', '\u201D', '\u201E' };

        /// <summary>The word being completed without the quotes it was typed in.</summary>
        public static string Unquote(string? word) => (word ?? string.Empty).Trim(Quotes);

        /// <summary>
        /// The value as it can be typed: bare when it is letters, digits, '-', '_' and '.' (and does not start with
        /// '-', which would read as a parameter name), else in single quotes. Akool's ids and voice names promise no
        /// shape, and ';' or '$' must not become code on the line.
        /// </summary>
        public static string Quote(string value)
        {
            bool bare = value.Length > 0 && value[0] != '-';
            foreach (char c in value)
            {
                bare &= char.IsLetterOrDigit(c) || c == '-' || c == '_' || c == '.';
            }
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
