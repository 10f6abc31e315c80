using System;
using System.Collections.Generic;
using Newtonsoft.Json.Linq;

namespace Akool.Client
{
    /// <summary>What Akool said about one video (the <c>data</c> of a create or info answer); extra fields are ignored.</summary>
    internal sealed class VideoInfo
    {
        private const string IdField = "_id";
        private const string StatusField = "video_status";
        private const string VideoField = "video";
        private const string CreateTimeField = "create_time";
        private const string ErrorCodeField = "error_code";
        private const string ErrorReasonField = "error_reason";
        private const string ProgressField = "progress";

        /// <summary>Every property of <c>data</c> that <see cref="FromData"/> reads; the client builds no others.</summary>
        internal static readonly ICollection<string> Fields = new HashSet<string>(StringComparer.Ordinal)
        {
            IdField, StatusField, VideoField, CreateTimeField, ErrorCodeField, ErrorReasonField, ProgressField,
        };

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
            if (!(data is JObject obj) || string.IsNullOrEmpty(Text(obj[IdField])))
            {
                throw new AkoolApiException(AkoolErrorKind.InvalidResponse, "Akool's answer has no video id (data._id).");
            }

            return new VideoInfo
            {
                Id = Text(obj[IdField])!,
                Status = Integer(obj[StatusField]) ?? 0,
                VideoUrl = NullIfEmpty(Text(obj[VideoField])),
                CreatedAt = Integer64(obj[CreateTimeField]) is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null,
                ErrorCode = NullIfEmpty(Text(obj[ErrorCodeField])),
                ErrorReason = NullIfEmpty(Text(obj[ErrorReasonField])),
                Progress = Integer(obj[ProgressField]),
            };
        }

        // The API is loosely typed: numbers sometimes come as strings. Accept both, never fail on shape.
        private static string? Text(JToken? token) =>
            token == null || token.Type == JTokenType.Null ? null : token.Type == JTokenType.String ? (string?)token : token.ToString(Newtonsoft.Json.Formatting.None);

        private static long? Integer64(JToken? token)
        {
            if (token == null) return null;
            if (token.Type == JTokenType.Integer || token.Type == JTokenType.Float) return (long)(double)token;
            return long.TryParse(Text(token), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long value) ? value : (long?)null;
        }

        private static int? Integer(JToken? token) => Integer64(token) is long value ? (int)value : (int?)null;

        private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
