using System;
using Newtonsoft.Json.Linq;

namespace Akool.Client
{
    internal sealed class VideoInfo
    {
        public string Id { get; set; } = string.Empty;

        public int Status { get; set; }

        public string? VideoUrl { get; set; }

        public DateTimeOffset? CreatedAt { get; set; }

        public string? ErrorCode { get; set; }

        public string? ErrorReason { get; set; }

        public int? Progress { get; set; }

        internal static VideoInfo FromData(JToken? data)
        {
            string id = JsonRead.NonEmptyText((data as JObject)?["_id"])
                ?? throw new AkoolApiException(AkoolErrorKind.InvalidResponse, "Akool's answer has no video id (data._id).");

            return new VideoInfo
            {
                Id = id,
                Status = JsonRead.Integer(data!["video_status"]) is long status ? (int)status : 0,
                VideoUrl = JsonRead.NonEmptyText(data["video"]),
                CreatedAt = JsonRead.UnixMilliseconds(data["create_time"]),
                ErrorCode = JsonRead.NonEmptyText(data["error_code"]),
                ErrorReason = JsonRead.NonEmptyText(data["error_reason"]),
                Progress = JsonRead.Integer(data["progress"]) is long progress ? (int)progress : (int?)null,
            };
        }
    }
}
