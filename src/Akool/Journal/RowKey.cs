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
        // How many times each request came before, by its digest's 128 bits (not their text): one small slot per row.
        private readonly Dictionary<(long, long), int> _seen = new Dictionary<(long, long), int>();

        public string Next(TalkingPhotoRequest request, string? name, string? speech = null)
        {
            string audio = speech == null ? request.AudioUrl : "tts:" + Hex(Hash(speech));
            return NextOf(string.Join("\u001f", request.TalkingPhotoUrl, audio, request.WebhookUrl ?? string.Empty,
                request.Resolution ?? string.Empty, request.Prompt ?? string.Empty, name ?? string.Empty));
        }

        // Marked as speech alone, so it never equals a video row's key in a journal both cmdlets use.
        public string NextSpeech(string speech, string? name) => NextOf(string.Join("\u001f", "speech", speech, name ?? string.Empty));

        private string NextOf(string content)
        {
            byte[] hash = Hash(content);
            var bits = (BitConverter.ToInt64(hash, 0), BitConverter.ToInt64(hash, 8));
            _seen.TryGetValue(bits, out int occurrence);
            _seen[bits] = ++occurrence;
            return Hex(hash) + "#" + occurrence.ToString(CultureInfo.InvariantCulture);
        }

        private static byte[] Hash(string content)
        {
            using (SHA256 sha = SHA256.Create()) return sha.ComputeHash(Encoding.UTF8.GetBytes(content));
        }

        // The first 16 bytes as 32 lower-case hex digits: the key's text, as journals have always had it.
        private static string Hex(byte[] hash) => BitConverter.ToString(hash, 0, 16).Replace("-", string.Empty).ToLowerInvariant();
    }
}
