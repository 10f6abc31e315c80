using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Akool.Webhooks
{
    // A timestamp or nonce sent as a JSON number is turned back into the digits Akool signed.
    internal sealed class WebhookCallback
    {
        // The end of DateTimeOffset's range in Unix milliseconds: a timestamp past it cannot be a real send time.
        private const long MaxUnixMilliseconds = 253402300799999;

        public WebhookCallback(string? signature, string? dataEncrypt, string? timestamp, string? nonce)
        {
            Signature = Required(signature, "signature");
            DataEncrypt = Required(dataEncrypt, "dataEncrypt");
            Timestamp = Required(timestamp, "timestamp");
            Nonce = Required(nonce, "nonce");
            // NumberStyles.None takes ASCII digits only: no sign, no white space, no separators.
            if (!long.TryParse(Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out long milliseconds) || milliseconds > MaxUnixMilliseconds)
            {
                throw Malformed("The callback's 'timestamp' is not a time in milliseconds since 1970.");
            }
            SentAt = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        }

        public string Signature { get; }

        public string DataEncrypt { get; }

        public string Timestamp { get; }

        public string Nonce { get; }

        public DateTimeOffset SentAt { get; }

        // Checked before any parsing, so a huge body costs only its length check.
        internal const int MaximumBodyCharacters = 64 * 1024;

        public static WebhookCallback Parse(string json)
        {
            if (json.Length > MaximumBodyCharacters) throw TooLarge(json.Length);
            JObject? body = TryParseObject(json);
            if (body == null) throw Malformed("The callback body is not a JSON object.");
            return FromFields(body.Properties().Select(p => new KeyValuePair<string, object?>(p.Name, p.Value)));
        }

        public static WebhookCallback FromFields(IEnumerable<KeyValuePair<string, object?>> fields)
        {
            var found = new Dictionary<string, (object? Value, bool Exact)>(StringComparer.Ordinal);
            string[] names = { "signature", "dataEncrypt", "timestamp", "nonce" };
            foreach (KeyValuePair<string, object?> field in fields)
            {
                foreach (string name in names)
                {
                    if (!string.Equals(field.Key, name, StringComparison.OrdinalIgnoreCase)) continue;
                    bool exact = string.Equals(field.Key, name, StringComparison.Ordinal);
                    if (exact || !found.TryGetValue(name, out var seen) || !seen.Exact) found[name] = (field.Value, exact);
                }
            }
            return new WebhookCallback(
                Text(found, "signature"),
                Text(found, "dataEncrypt"),
                Text(found, "timestamp"),
                Text(found, "nonce"));
        }

        private static string? Text(Dictionary<string, (object? Value, bool Exact)> found, string name) =>
            found.TryGetValue(name, out var entry) ? FieldText(entry.Value, name) : null;

        private static string? FieldText(object? value, string name)
        {
            if (value is JValue json) value = json.Value;
            switch (value)
            {
                case null:
                    return null;
                case string text:
                    return text;
                case sbyte _: case byte _: case short _: case ushort _: case int _: case uint _: case long _: case ulong _: case BigInteger _:
                    return ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture);
                case decimal number when number == decimal.Truncate(number):
                    return decimal.Truncate(number).ToString("0", CultureInfo.InvariantCulture);
                case double number when IsWhole(number):
                    return ((long)number).ToString(CultureInfo.InvariantCulture);
                case float number when IsWhole(number):
                    return ((long)number).ToString(CultureInfo.InvariantCulture);
                case decimal _: case double _: case float _:
                    // A fractional nonce is not something Akool sends; its digits could be written more than one way.
                    throw Malformed($"The callback's '{name}' is a fractional number; it must be a string or a whole number.");
                default:
                    throw Malformed($"The callback's '{name}' is a {Describe(value)}; it must be a string or a number.");
            }
        }

        private static bool IsWhole(double number) =>
            !double.IsNaN(number) && !double.IsInfinity(number) && Math.Floor(number) == number && Math.Abs(number) < 9e15;

        private static string Describe(object value) => value is JToken token ? "JSON " + token.Type.ToString().ToLowerInvariant() : value.GetType().Name;

        private static WebhookVerificationException TooLarge(int length) =>
            Malformed(string.Format(CultureInfo.InvariantCulture, "The callback body is {0:N0} characters, more than the {1:N0} any Akool callback needs; it was not read.", length, MaximumBodyCharacters));

        private static string Required(string? value, string name)
        {
            if (string.IsNullOrEmpty(value)) throw Malformed($"The callback body has no '{name}'.");
            if (value!.Length > MaximumBodyCharacters) throw TooLarge(value.Length);
            return value!;
        }

        internal static JObject? TryParseObject(string text)
        {
            try
            {
                using (var reader = new JsonTextReader(new StringReader(text)))
                {
                    // No date guessing: a string must stay the exact text that was signed. Decimals keep 12.5 exact.
                    reader.DateParseHandling = DateParseHandling.None;
                    reader.FloatParseHandling = FloatParseHandling.Decimal;
                    reader.MaxDepth = 64;
                    JToken token = JToken.ReadFrom(reader);
                    while (reader.Read())
                    {
                        if (reader.TokenType != JsonToken.Comment) return null;
                    }
                    return token as JObject;
                }
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static WebhookVerificationException Malformed(string message) =>
            new WebhookVerificationException(WebhookFailure.Malformed, message);
    }
}
