using System.Collections.Generic;

namespace Akool.Client
{
    internal sealed class SpeechRequest
    {
        public string InputText { get; set; } = string.Empty;

        // The list's voice_id (AkoolClient.FindVoice resolves what the user typed): the key Akool's own examples send.
        public string VoiceId { get; set; } = string.Empty;

        public string? LanguageCode { get; set; }

        public IDictionary<string, object?>? VoiceOptions { get; set; }

        public string? WebhookUrl { get; set; }
    }
}
