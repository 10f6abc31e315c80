namespace Akool.Client
{
    internal sealed class TalkingPhotoRequest
    {
        public string TalkingPhotoUrl { get; set; } = string.Empty;

        public string AudioUrl { get; set; } = string.Empty;

        public string? WebhookUrl { get; set; }

        public string? Resolution { get; set; }

        public string? Prompt { get; set; }
    }
}
