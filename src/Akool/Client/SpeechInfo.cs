using System;
using Newtonsoft.Json.Linq;

namespace Akool.Client
{
    /// <summary>What Akool said about one speech (the create's <c>data</c> or the detail's <c>data.result</c>); extra fields are ignored.</summary>
    internal sealed class SpeechInfo
    {
        private SpeechInfo(string id) => Id = id;

        /// <summary>The speech's <c>_id</c>.</summary>
        public string Id { get; }

        /// <summary><c>status</c>: 1 queueing, 2 processing, 3 completed, 4 failed (0 when absent).</summary>
        public int Status { get; private set; }

        /// <summary><c>preview</c>: the MP3's URL once completed, else null.</summary>
        public string? Url { get; private set; }

        /// <summary>
        /// <c>duration</c>, read as milliseconds. The contract gives milliseconds for the voice list and no unit for
        /// speech; Akool's examples fit milliseconds. Null when absent or zero (not known yet).
        /// </summary>
        public long? DurationMilliseconds { get; private set; }

        /// <summary><c>deduction_credit</c>: what the speech cost, when given.</summary>
        public decimal? DeductionCredit { get; private set; }

        /// <summary><c>voice_id</c>, when echoed.</summary>
        public string? VoiceId { get; private set; }

        /// <summary><c>language_code</c>, when given.</summary>
        public string? LanguageCode { get; private set; }

        /// <summary><c>input_text</c>, when echoed.</summary>
        public string? InputText { get; private set; }

        /// <summary><c>create_time</c>, when given.</summary>
        public DateTimeOffset? CreatedAt { get; private set; }

        /// <summary><c>error_code</c>, when present (not documented for speech; shown when Akool sends it).</summary>
        public string? ErrorCode { get; private set; }

        /// <summary><c>error_reason</c> (or <c>error_msg</c>) of a failed speech, when present (not documented for speech).</summary>
        public string? ErrorReason { get; private set; }

        /// <summary>True for status 3 or 4.</summary>
        public bool IsFinal => Status == 3 || Status == 4;

        /// <summary>
        /// Reads a speech from an answer's <c>data</c>. The contract puts the detail's speech in <c>data.result</c> and
        /// the create's directly in <c>data</c>; since Akool's pages are not consistent about such wrappers, both
        /// shapes are accepted for both answers. Throws when there is no id.
        /// </summary>
        internal static SpeechInfo FromData(JToken? data)
        {
            JObject? obj = data as JObject;
            if (obj != null && obj["result"] is JObject result && JsonRead.NonEmptyText(obj["_id"]) == null) obj = result;
            string id = JsonRead.NonEmptyText(obj?["_id"])
                ?? throw new AkoolApiException(AkoolErrorKind.InvalidResponse, "Akool's speech answer has no id (data._id or data.result._id).");

            long? duration = JsonRead.Integer(obj!["duration"]);
            return new SpeechInfo(id)
            {
                Status = JsonRead.Integer(obj["status"]) is long status ? (int)status : 0,
                // Before completion preview is null (documented) or, defensively, an empty string; "url" is what
                // Akool's callbacks call the result, accepted in case an answer uses it too.
                Url = JsonRead.NonEmptyText(obj["preview"]) ?? JsonRead.NonEmptyText(obj["url"]),
                DurationMilliseconds = duration > 0 ? duration : null,
                DeductionCredit = JsonRead.Number(obj["deduction_credit"]),
                VoiceId = JsonRead.NonEmptyText(obj["voice_id"]),
                LanguageCode = JsonRead.NonEmptyText(obj["language_code"]),
                InputText = JsonRead.Text(obj["input_text"]),
                CreatedAt = JsonRead.UnixMilliseconds(obj["create_time"]),
                ErrorCode = JsonRead.NonEmptyText(obj["error_code"]),
                ErrorReason = JsonRead.NonEmptyText(obj["error_reason"]) ?? JsonRead.NonEmptyText(obj["error_msg"]),
            };
        }
    }
}
