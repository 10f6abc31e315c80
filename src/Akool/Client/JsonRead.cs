using System;
using System.Collections.Generic;
using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Akool.Client
{
    /// <summary>
    /// Lenient readers for Akool's loosely typed JSON (numbers sometimes arrive as strings, lists sometimes as
    /// comma-separated text): each returns null rather than failing on an unexpected shape.
    /// </summary>
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

        public static decimal? Number(JToken? token)
        {
            if (token == null) return null;
            if (token.Type == JTokenType.Integer || token.Type == JTokenType.Float) return (decimal)(double)token;
            return decimal.TryParse(Text(token), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal value) ? value : (decimal?)null;
        }

        /// <summary>Milliseconds since the Unix epoch, as Akool's <c>create_time</c>; null when absent or out of range.</summary>
        public static DateTimeOffset? UnixMilliseconds(JToken? token)
        {
            long? ms = Integer(token);
            if (!ms.HasValue || ms.Value <= 0 || ms.Value > 253402300799999L) return null;
            return DateTimeOffset.FromUnixTimeMilliseconds(ms.Value);
        }

        /// <summary>A list of tags: a JSON array of strings, or one comma-separated string; empty when absent.</summary>
        public static IReadOnlyList<string> Tags(JToken? token)
        {
            var tags = new List<string>();
            if (token is JArray array)
            {
                foreach (JToken item in array)
                {
                    string? tag = NonEmptyText(item);
                    if (tag != null) tags.Add(tag);
                }
            }
            else if (NonEmptyText(token) is string text)
            {
                foreach (string part in text.Split(','))
                {
                    if (part.Trim().Length > 0) tags.Add(part.Trim());
                }
            }

            return tags;
        }
    }
}
