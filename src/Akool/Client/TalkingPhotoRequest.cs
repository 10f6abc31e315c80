namespace Akool.Client
{
    internal sealed class TalkingPhotoRequest
    {
        public string TalkingPhotoUrl { get; set; } = string.Empty;

        public string AudioUrl { get; set; } = string.Empty;

        public string? WebhookUrl { get; set; }

        public string? Resolution { get; set; }

        public string? Prompt { get; set; }

        /// <summary>The same request with other photo and audio URLs.</summary>
        public TalkingPhotoRequest WithUrls(string talkingPhotoUrl, string audioUrl) =>
            new TalkingPhotoRequest { TalkingPhotoUrl = talkingPhotoUrl, AudioUrl = audioUrl, WebhookUrl = WebhookUrl, Resolution = Resolution, Prompt = Prompt };
    }
}
