namespace Akool.Client
{
    /// <summary>The body of a talking-photo create. Optional fields that are null are not sent.</summary>
    internal sealed class TalkingPhotoRequest
    {
        /// <summary>Public http(s) URL of the photo.</summary>
        public string TalkingPhotoUrl { get; set; } = string.Empty;

        /// <summary>Public http(s) URL of the speech.</summary>
        public string AudioUrl { get; set; } = string.Empty;

        /// <summary>Where Akool posts status callbacks, or null.</summary>
        public string? WebhookUrl { get; set; }

        /// <summary>"720" or "1080", or null for Akool's default.</summary>
        public string? Resolution { get; set; }

        /// <summary>Text that steers gestures, or null.</summary>
        public string? Prompt { get; set; }

        /// <summary>The same request with other photo and audio URLs.</summary>
        public TalkingPhotoRequest WithUrls(string talkingPhotoUrl, string audioUrl) =>
            new TalkingPhotoRequest { TalkingPhotoUrl = talkingPhotoUrl, AudioUrl = audioUrl, WebhookUrl = WebhookUrl, Resolution = Resolution, Prompt = Prompt };
    }
}
