using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Akool.Client
{
    // Akool's JSON is loosely typed (numbers as strings, lists as comma-separated text): each reader returns null on an
    // unexpected shape rather than failing.
    internal static class JsonRead
    {
        public static string? Text(JToken? token) =>
            token == null || token.Type == JTokenType.Null || token.Type == JTokenType.Undefined ? null
            : token.Type == JTokenType.String ? (string?)token
            : token.Type == JTokenType.Object || token.Type == JTokenType.Array ? null
            : token.ToString(Formatting.None);

        public static string? NonEmptyText(JToken? token) => string.IsNullOrWhiteSpace(Text(token)) ? null : Text(token)!.Trim();

        public static long? Integer(JToken? token)
        {
            if (token == null) return null;
            if (token.Type == JTokenType.Integer || token.Type == JTokenType.Float) return (long)(double)token;
            return long.TryParse(Text(token), NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) ? value : (long?)null;
        }

        // Numbers are read from their JSON text too: exact for decimals, and null (not an overflow) past decimal's range.
        public static decimal? Number(JToken? token) =>
            decimal.TryParse(Text(token), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal value) ? value : (decimal?)null;

        public static DateTimeOffset? UnixMilliseconds(JToken? token)
        {
            long? ms = Integer(token);
            if (!ms.HasValue || ms.Value <= 0 || ms.Value > 253402300799999L) return null;
            return DateTimeOffset.FromUnixTimeMilliseconds(ms.Value);
        }

        public static IReadOnlyList<string> Tags(JToken? token)
        {
            IEnumerable<string?> tags = token is JArray array
                ? array.Select(NonEmptyText)
                : (NonEmptyText(token)?.Split(',') ?? Array.Empty<string>()).Select(part => part.Trim());
            return tags.Where(tag => !string.IsNullOrEmpty(tag)).Select(tag => tag!).ToList();
        }
    }
}
