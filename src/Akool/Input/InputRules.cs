using System;
using System.Linq;

namespace Akool.Input
{
    internal static class InputRules
    {
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

        public const int MaxIdLength = 256;

        // The contract says nothing of an id's shape, so any text is taken but what no id can be; it is URL-escaped
        // wherever it is sent.
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

        public static string? Optional(string? value)
        {
            string trimmed = value?.Trim() ?? string.Empty;
            return trimmed.Length == 0 ? null : trimmed;
        }
    }
}
