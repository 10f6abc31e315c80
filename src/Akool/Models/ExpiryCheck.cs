using System;

namespace Akool.Models
{
    internal static class ExpiryCheck
    {
        private static readonly TimeSpan WarningWindow = TimeSpan.FromDays(1);

        public static bool IsExpired(AkoolVideo video) => video.IsExpired(DateTimeOffset.UtcNow);

        public static bool ExpiresSoon(AkoolVideo video) =>
            video.ExpiresAt.HasValue && !IsExpired(video) && video.ExpiresAt.Value - DateTimeOffset.UtcNow < WarningWindow;

        public static string ExpiredMessage(AkoolVideo video) =>
            $"{video.Describe()} expired at {video.ExpiresAt:u}: Akool keeps results for 7 days after creation, so it can no longer be downloaded.";

        public static string SoonMessage(AkoolVideo video) =>
            $"{video.Describe()} expires at {video.ExpiresAt:u} (Akool deletes results 7 days after creation); save it now.";
    }
}
