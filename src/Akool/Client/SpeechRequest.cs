using System.Collections.Generic;

namespace Akool.Client
{
    /// <summary>The body of a text-to-speech create (<c>POST /api/open/v4/voice/tts</c>). Optional fields that are null are not sent.</summary>
    internal sealed class SpeechRequest
    {
        /// <summary><c>input_text</c>: what to say.</summary>
        public string InputText { get; set; } = string.Empty;

        /// <summary>
        /// <c>voice_id</c>: the list item's <c>voice_id</c>. Resolve what the user typed (a name, a voice_id or the
        /// list's <c>_id</c>) with <see cref="AkoolClient.FindVoice"/> first: Akool's docs leave open which key TTS wants,
        /// and the list's <c>voice_id</c> is the one its own examples send.
        /// </summary>
        public string VoiceId { get; set; } = string.Empty;

        /// <summary><c>language_code</c> (ISO 639-1, e.g. "en"), or null.</summary>
        public string? LanguageCode { get; set; }

        /// <summary><c>voice_options</c> (stability, similarity_boost, style, speed, speaker_boost, emotion, volume), or null.</summary>
        public IDictionary<string, object?>? VoiceOptions { get; set; }

        /// <summary><c>webhookUrl</c>, or null.</summary>
        public string? WebhookUrl { get; set; }
    }
}
