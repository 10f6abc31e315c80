using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Akool.Tests.Harness;

namespace Akool.Tests.Webhooks
{
    /// <summary>One callback from vectors.json (made by make-vectors.sh with openssl and sha1sum).</summary>
    public sealed class WebhookVector
    {
        public string Name { get; set; } = "";
        public string ClientId { get; set; } = "";
        public string Secret { get; set; } = "";
        public string Timestamp { get; set; } = "";
        public string Nonce { get; set; } = "";
        public bool TimestampAsString { get; set; }
        public bool NonceAsNumber { get; set; }
        public string Plaintext { get; set; } = "";
        public string DataEncrypt { get; set; } = "";
        public string Signature { get; set; } = "";
        public string Expect { get; set; } = "";

        public override string ToString() => Name;

        /// <summary>The body as Akool posts it, with the timestamp and nonce as JSON numbers or strings as the vector says.</summary>
        public string BodyJson(string? signature = null, string? dataEncrypt = null) =>
            WebhookVectors.Body(signature ?? Signature, dataEncrypt ?? DataEncrypt, Timestamp, Nonce, TimestampAsString, NonceAsNumber);

        public DateTimeOffset SentAt => DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(Timestamp, CultureInfo.InvariantCulture));
    }

    /// <summary>The committed vectors, and a signer/encrypter written from the README for crafting bad callbacks.</summary>
    public static class WebhookVectors
    {
        private static readonly Lazy<IReadOnlyList<WebhookVector>> Loaded = new Lazy<IReadOnlyList<WebhookVector>>(Load);

        public static IReadOnlyList<WebhookVector> All => Loaded.Value;

        public static WebhookVector Named(string name) => All.Single(v => v.Name == name);

        public static IEnumerable<object[]> Valid => All.Where(v => v.Expect == "ok").Select(v => new object[] { v.Name });

        public static IEnumerable<object[]> Invalid => All.Where(v => v.Expect != "ok").Select(v => new object[] { v.Name });

        public static string Body(string signature, string dataEncrypt, string timestamp, string nonce, bool timestampAsString = false, bool nonceAsNumber = false)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                writer.WriteString("signature", signature);
                writer.WriteString("dataEncrypt", dataEncrypt);
                if (timestampAsString) writer.WriteString("timestamp", timestamp);
                else writer.WriteNumber("timestamp", long.Parse(timestamp, CultureInfo.InvariantCulture));
                if (nonceAsNumber) writer.WriteNumber("nonce", long.Parse(nonce, CultureInfo.InvariantCulture));
                else writer.WriteString("nonce", nonce);
                writer.WriteEndObject();
            }
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        /// <summary>The README's signature, with an explicit sort comparer (so a test can show what a culture sort would give).</summary>
        public static string Sign(string clientId, string timestamp, string nonce, string dataEncrypt, StringComparer? order = null)
        {
            string[] parts = { clientId, timestamp, nonce, dataEncrypt };
            Array.Sort(parts, order ?? StringComparer.Ordinal);
            return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts))));
        }

        /// <summary>The README's encryption (test-side, for fresh timestamps in cmdlet tests).</summary>
        public static string Encrypt(string clientId, string secret, string plaintext)
        {
            byte[] iv = new byte[16];
            byte[] id = Encoding.UTF8.GetBytes(clientId);
            Array.Copy(id, iv, Math.Min(16, id.Length));
            using Aes aes = Aes.Create();
            aes.Key = Encoding.UTF8.GetBytes(secret);
            return Convert.ToBase64String(aes.EncryptCbc(Encoding.UTF8.GetBytes(plaintext), iv, PaddingMode.PKCS7));
        }

        /// <summary>A complete signed, encrypted body sent at <paramref name="sentAt"/>.</summary>
        public static string MakeBody(string clientId, string secret, string plaintext, DateTimeOffset sentAt, string nonce = "7301")
        {
            string timestamp = sentAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            string data = Encrypt(clientId, secret, plaintext);
            return Body(Sign(clientId, timestamp, nonce, data), data, timestamp, nonce);
        }

        private static IReadOnlyList<WebhookVector> Load()
        {
            string path = Path.Combine(RepositoryPaths.Root, "tests", "Akool.Tests", "Webhooks", "vectors.json");
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
            var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
            return document.RootElement.GetProperty("vectors").Deserialize<List<WebhookVector>>(options)!;
        }
    }
}
