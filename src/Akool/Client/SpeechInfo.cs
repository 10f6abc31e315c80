using System;
using Newtonsoft.Json.Linq;

namespace Akool.Client
{
    internal sealed class SpeechInfo
    {
        private SpeechInfo(string id) => Id = id;

        public string Id { get; }

        public int Status { get; private set; }

        public string? Url { get; private set; }

        // The contract gives milliseconds for the voice list and no unit for speech; Akool's examples fit milliseconds.
        public long? DurationMilliseconds { get; private set; }

        public decimal? DeductionCredit { get; private set; }

        public string? VoiceId { get; private set; }

        public string? LanguageCode { get; private set; }

        public string? InputText { get; private set; }

        public DateTimeOffset? CreatedAt { get; private set; }

        public string? ErrorCode { get; private set; }

        public string? ErrorReason { get; private set; }

        public bool IsFinal => Status == 3 || Status == 4;

        // The contract puts the detail's speech in data.result and the create's in data; both are read for both.
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
