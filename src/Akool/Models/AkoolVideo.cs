using System;
using Akool.Client;
using Akool.Models;

namespace Akool
{
    /// <summary>One talking-photo video.</summary>
    public sealed class AkoolVideo
    {
        /// <summary>How long Akool keeps a generated video.</summary>
        public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

        internal AkoolVideo(string? name = null, string? talkingPhotoUrl = null, string? audioUrl = null, string? webhookUrl = null, string? resolution = null, string? prompt = null)
        {
            Name = name;
            TalkingPhotoUrl = talkingPhotoUrl;
            AudioUrl = audioUrl;
            WebhookUrl = webhookUrl;
            Resolution = resolution;
            Prompt = prompt;
        }

        internal static AkoolVideo FromId(string id, string? name = null) => new AkoolVideo(name) { Id = id };

        /// <summary>Akool's <c>_id</c>, the only handle to the job.</summary>
        public string Id { get; private set; } = string.Empty;

        /// <summary>The status when last read.</summary>
        public AkoolVideoStatus Status { get; private set; }

        /// <summary>The result URL, once Completed.</summary>
        public string? VideoUrl { get; private set; }

        /// <summary>When Akool created the job (UTC).</summary>
        public DateTimeOffset? CreatedAt { get; private set; }

        /// <summary>When Akool deletes the result: 7 days after <see cref="CreatedAt"/>.</summary>
        public DateTimeOffset? ExpiresAt => CreatedAt + Lifetime;

        /// <summary>The user's label for the row; Save-AkoolVideo names the file after it.</summary>
        public string? Name { get; private set; }

        /// <summary>The photo the video was made from.</summary>
        public string? TalkingPhotoUrl { get; private set; }

        /// <summary>The speech the video was made from.</summary>
        public string? AudioUrl { get; private set; }

        /// <summary>Where Akool posts status callbacks.</summary>
        public string? WebhookUrl { get; private set; }

        /// <summary>"720" or "1080" when given.</summary>
        public string? Resolution { get; private set; }

        /// <summary>The gesture prompt when given.</summary>
        public string? Prompt { get; private set; }

        /// <summary>Akool's error code for a Failed video, when it gives one.</summary>
        public string? ErrorCode { get; private set; }

        /// <summary>Akool's reason for a Failed video, when it gives one.</summary>
        public string? ErrorReason { get; private set; }

        /// <summary>Progress 0-100, when Akool gives it.</summary>
        public int? Progress { get; private set; }

        /// <summary>True once the status is Completed or Failed.</summary>
        public bool IsFinal => Status == AkoolVideoStatus.Completed || Status == AkoolVideoStatus.Failed;

        /// <summary>True when the result is past its 7-day life.</summary>
        public bool IsExpired(DateTimeOffset now) => ExpiresAt.HasValue && now >= ExpiresAt.Value;

        internal bool ExpiresSoon => ExpiresAt.HasValue && !IsExpired(DateTimeOffset.UtcNow) && ExpiresAt.Value - DateTimeOffset.UtcNow < TimeSpan.FromDays(1);

        internal string ExpiredMessage => $"{Describe()} expired at {ExpiresAt:u}: Akool keeps results for 7 days after creation, so it can no longer be downloaded.";

        internal string SoonMessage => $"{Describe()} expires at {ExpiresAt:u} (Akool deletes results 7 days after creation); save it now.";

        internal AkoolVideo WithId(string id)
        {
            var copy = (AkoolVideo)MemberwiseClone();
            copy.Id = id;
            return copy;
        }

        internal AkoolVideo WithServerState(VideoInfo info)
        {
            var copy = (AkoolVideo)MemberwiseClone();
            copy.Id = info.Id;
            copy.Status = Enum.IsDefined(typeof(AkoolVideoStatus), info.Status) ? (AkoolVideoStatus)info.Status : AkoolVideoStatus.Unknown;
            copy.VideoUrl = info.VideoUrl;
            copy.CreatedAt = info.CreatedAt ?? CreatedAt;
            copy.ErrorCode = info.ErrorCode;
            copy.ErrorReason = info.ErrorReason;
            copy.Progress = info.Progress;
            return copy;
        }

        internal string Describe() => string.IsNullOrEmpty(Name) ? $"Video {Id}" : $"Video {Id} ('{DisplayText.Escape(Name)}')";

        /// <summary>The id, so a video used as a string is its handle.</summary>
        public override string ToString() => Id;
    }
}
