using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Akool.Client;

namespace Akool.Journal
{
    // Two identical rows are two videos (someone may want a take twice), so the key counts the request's occurrences.
    internal sealed class RowKey
    {
        // How many times each digest came before, by the digest's text: one slot per distinct request.
        private readonly Dictionary<string, int> _seen = new Dictionary<string, int>(StringComparer.Ordinal);

        public string Next(TalkingPhotoRequest request, string? name, string? speech = null)
        {
            string audio = speech == null ? request.AudioUrl : "tts:" + Digest(speech);
            return NextOf(string.Join("\u001f", request.TalkingPhotoUrl, audio, request.WebhookUrl ?? string.Empty,
                request.Resolution ?? string.Empty, request.Prompt ?? string.Empty, name ?? string.Empty));
        }

        // Marked as speech alone, so it never equals a video row's key in a journal both cmdlets use.
        public string NextSpeech(string speech, string? name) => NextOf(string.Join("\u001f", "speech", speech, name ?? string.Empty));

        private string NextOf(string content)
        {
            string digest = Digest(content);
            _seen.TryGetValue(digest, out int occurrence);
            _seen[digest] = occurrence + 1;
            return digest + "#" + (occurrence + 1).ToString(CultureInfo.InvariantCulture);
        }

        private static string Digest(string content)
        {
            using (SHA256 sha = SHA256.Create())
            {
                return BitConverter.ToString(sha.ComputeHash(Encoding.UTF8.GetBytes(content)), 0, 16).Replace("-", string.Empty).ToLowerInvariant();
            }
        }
    }
}
