using System;
using System.Linq;

namespace Akool.Input
{
    /// <summary>
    /// Checks of user input made before anything is spent: every problem is found locally, with a message that
    /// names the field and says what is wrong, instead of a 1003 from Akool after a round trip.
    /// </summary>
    internal static class InputRules
    {
        /// <summary>Returns the trimmed URL, or null with <paramref name="problem"/> set.</summary>
        public static string? PublicUrl(string? value, string field, bool required, out string? problem)
        {
            problem = null;
            string trimmed = value?.Trim() ?? string.Empty;
            if (trimmed.Length == 0)
            {
                if (required) problem = $"{field} is empty or missing; give the public http(s) URL (column {field} or its alias).";
                return null;
            }
            if (trimmed.Any(char.IsWhiteSpace))
            {
                problem = $"{field} '{trimmed}' contains white space; percent-encode it (%20).";
                return null;
            }
            if (!Uri.TryCreate(trimmed, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.IsFile || string.IsNullOrEmpty(uri.Host))
            {
                problem = $"{field} '{trimmed}' is not an absolute http or https URL; Akool fetches it over the internet, so it must be public (no file paths, file://, ftp:// or relative URLs).";
                return null;
            }
            return trimmed;
        }

        /// <summary>Akool's resolution strings are "720" and "1080"; "720p"/"1080p" are accepted and normalised.</summary>
        public static string? Resolution(string? value, out string? problem)
        {
            problem = null;
            string trimmed = value?.Trim() ?? string.Empty;
            if (trimmed.Length == 0) return null;
            string digits = trimmed.EndsWith("p", StringComparison.OrdinalIgnoreCase) ? trimmed.Substring(0, trimmed.Length - 1) : trimmed;
            if (digits == "720" || digits == "1080") return digits;
            problem = $"Resolution '{trimmed}' is not supported; use 720 or 1080.";
            return null;
        }

        /// <summary>The longest id taken; longer text is a pasted line or a file's content, not an id.</summary>
        public const int MaxIdLength = 256;

        /// <summary>
        /// Null when <paramref name="id"/> (trimmed) could be an Akool video id, else what makes it impossible.
        /// Akool's contract says nothing of the ids' shape (today's are 24 hexadecimal digits; another server
        /// implementing the contract may make others), so any text is taken except what no id can be: empty text,
        /// white space, control or invisible formatting characters, a broken surrogate pair, or more than
        /// <see cref="MaxIdLength"/> characters. What is taken is URL-escaped wherever it is sent.
        /// </summary>
        public static string? IdProblem(string id)
        {
            if (id.Length == 0) return "it is empty";
            if (id.Length > MaxIdLength) return $"it is {id.Length} characters long (at most {MaxIdLength})";
            for (int i = 0; i < id.Length; i++)
            {
                char c = id[i];
                if (char.IsWhiteSpace(c)) return "it contains white space";
                if (char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format) return "it contains control or invisible formatting characters";
                if (char.IsSurrogatePair(id, i)) i++;
                else if (char.IsSurrogate(c)) return "it contains a broken surrogate pair (not valid text)";
            }
            return null;
        }

        /// <summary>Null for empty or white-space text, else the trimmed text.</summary>
        public static string? Optional(string? value)
        {
            string trimmed = value?.Trim() ?? string.Empty;
            return trimmed.Length == 0 ? null : trimmed;
        }
    }
}
