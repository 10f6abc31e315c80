using System;
using System.Linq;

namespace Akool
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

        /// <summary>Akool ids are 24 hexadecimal digits (a MongoDB ObjectId); anything else cannot exist.</summary>
        public static bool IsWellFormedId(string id) =>
            id.Length == 24 && id.All(c => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));

        /// <summary>Null for empty or white-space text, else the trimmed text.</summary>
        public static string? Optional(string? value)
        {
            string trimmed = value?.Trim() ?? string.Empty;
            return trimmed.Length == 0 ? null : trimmed;
        }
    }
}
