using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Akool.Client;

namespace Akool.Journal
{
    /// <summary>
    /// Identifies a row across runs by what it asks for, so the same CSV run twice maps each row to its journal
    /// entry. Two identical rows are two videos (someone may want a take twice), so the key also counts how many
    /// times the same request came before it in this run.
    /// </summary>
    internal sealed class RowKey
    {
        // How many times each digest came before, by the digest's text: one slot per distinct request.
        private readonly Dictionary<string, int> _seen = new Dictionary<string, int>(StringComparer.Ordinal);

        /// <summary>The key of the next row that asks for <paramref name="request"/> under <paramref name="name"/>.</summary>
        /// <param name="request">The video's request (a text row's has no audio URL yet).</param>
        /// <param name="name">The row's Name.</param>
        /// <param name="speech">
        /// For a text row, what its speech is made of (text, voice_id, language), so that a row whose text changed is
        /// a new row; null for an audio row (whose keys stay as they were).
        /// </param>
        public string Next(TalkingPhotoRequest request, string? name, string? speech = null)
        {
            string audio = speech == null ? request.AudioUrl : "tts:" + Digest(speech);
            return NextOf(string.Join("\u001f", request.TalkingPhotoUrl, audio, request.WebhookUrl ?? string.Empty,
                request.Resolution ?? string.Empty, request.Prompt ?? string.Empty, name ?? string.Empty));
        }

        /// <summary>
        /// The key of the next speech alone (New-AkoolSpeech) made of <paramref name="speech"/> (text, voice_id,
        /// language) under <paramref name="name"/>. Marked as speech alone, so it never equals a video row's key, even
        /// in one journal file used by both cmdlets.
        /// </summary>
        public string NextSpeech(string speech, string? name) => NextOf(string.Join("\u001f", "speech", speech, name ?? string.Empty));

        private string NextOf(string content)
        {
            string digest = Digest(content);
            _seen.TryGetValue(digest, out int occurrence);
            _seen[digest] = occurrence + 1;
            return digest + "#" + (occurrence + 1).ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>The first 16 bytes of the SHA-256 as 32 lower-case hex digits (the key's text, as journals have always had it).</summary>
        private static string Digest(string content)
        {
            using (SHA256 sha = SHA256.Create())
            {
                return BitConverter.ToString(sha.ComputeHash(Encoding.UTF8.GetBytes(content)), 0, 16).Replace("-", string.Empty).ToLowerInvariant();
            }
        }
    }
}
