using System;
using System.Globalization;
using Newtonsoft.Json.Linq;

namespace Akool.Webhooks
{
    internal static class WebhookPayload
    {
        // Not a JSON object: the key was wrong (DecryptionFailed); an object without _id: not a documented callback (Malformed).
        public static AkoolWebhookEvent Parse(string plaintext, DateTimeOffset sentAt = default, string nonce = "")
        {
            JObject? data = WebhookCallback.TryParseObject(plaintext);
            if (data == null)
            {
                throw new WebhookVerificationException(WebhookFailure.DecryptionFailed,
                    "The callback's payload decrypted to something that is not JSON: the client secret is probably wrong.");
            }

            string? id = Text(data["_id"]);
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new WebhookVerificationException(WebhookFailure.Malformed, "The callback's decrypted payload has no '_id'.");
            }

            string? url = Text(data["url"]);
            return new AkoolWebhookEvent(id!, ReadStatus(data["status"]), Text(data["type"]), string.IsNullOrWhiteSpace(url) ? null : url, Number(data["deduction_credit"]), sentAt, nonce);
        }

        private static string? Text(JToken? token) =>
            token is JValue value && value.Value != null && token.Type != JTokenType.Boolean
                ? Convert.ToString(value.Value, CultureInfo.InvariantCulture)
                : null;

        private static AkoolVideoStatus ReadStatus(JToken? token)
        {
            decimal? number = Number(token);
            if (number == null || number != decimal.Truncate(number.Value) || number < int.MinValue || number > int.MaxValue) return AkoolVideoStatus.Unknown;
            int code = (int)number.Value;
            return Enum.IsDefined(typeof(AkoolVideoStatus), code) ? (AkoolVideoStatus)code : AkoolVideoStatus.Unknown;
        }

        private static decimal? Number(JToken? token)
        {
            if (!(token is JValue value) || value.Value == null) return null;
            switch (value.Value)
            {
                case decimal number: return number;
                case long number: return number;
                case string text when decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal parsed): return parsed;
                default:
                    // Other numbers (BigInteger, a huge exponent) are not credits or statuses Akool would send.
                    return null;
            }
        }
    }
}
