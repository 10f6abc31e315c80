using System.IO;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Akool.Webhooks
{
    /// <summary>Reads one JSON object and nothing else, keeping strings as written.</summary>
    internal static class StrictJson
    {
        /// <summary>The object <paramref name="text"/> holds; null when it is not JSON, not an object, or has text after it.</summary>
        public static JObject? TryParseObject(string text)
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
    }
}
