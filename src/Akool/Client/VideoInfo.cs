using System;
using Newtonsoft.Json.Linq;

namespace Akool.Client
{
    /// <summary>What Akool said about one video (the <c>data</c> of a create or info answer); extra fields are ignored.</summary>
    internal sealed class VideoInfo
    {
        /// <summary>The video's <c>_id</c>.</summary>
        public string Id { get; set; } = string.Empty;

        /// <summary><c>video_status</c>: 1 queueing, 2 processing, 3 completed, 4 failed.</summary>
        public int Status { get; set; }

        /// <summary><c>video</c>: the result URL once completed, else null.</summary>
        public string? VideoUrl { get; set; }

        /// <summary><c>create_time</c>, converted from milliseconds since the Unix epoch.</summary>
        public DateTimeOffset? CreatedAt { get; set; }

        /// <summary><c>error_code</c>, when present (documented for other products; tolerated for talking photo).</summary>
        public string? ErrorCode { get; set; }

        /// <summary><c>error_reason</c>, when present.</summary>
        public string? ErrorReason { get; set; }

        /// <summary><c>progress</c> 0-100, when present.</summary>
        public int? Progress { get; set; }

        /// <summary>Reads the <c>data</c> object of an answer; throws when it lacks an id.</summary>
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
