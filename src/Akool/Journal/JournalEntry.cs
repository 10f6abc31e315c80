using System;
using Newtonsoft.Json;

namespace Akool.Journal
{
    internal sealed class JournalEntry
    {
        [JsonProperty("key", Order = 1)]
        public string Key { get; set; } = string.Empty;

        [JsonProperty("state", Order = 2)]
        [JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
        public JournalState State { get; set; }

        [JsonProperty("id", Order = 3, NullValueHandling = NullValueHandling.Ignore)]
        public string? Id { get; set; }

        [JsonProperty("row", Order = 4)]
        public int Row { get; set; }

        [JsonProperty("name", Order = 5, NullValueHandling = NullValueHandling.Ignore)]
        public string? Name { get; set; }

        [JsonProperty("talking_photo_url", Order = 6, NullValueHandling = NullValueHandling.Ignore)]
        public string? TalkingPhotoUrl { get; set; }

        [JsonProperty("audio_url", Order = 7, NullValueHandling = NullValueHandling.Ignore)]
        public string? AudioUrl { get; set; }

        [JsonProperty("reason", Order = 8, NullValueHandling = NullValueHandling.Ignore)]
        public string? Reason { get; set; }

        // A gateway that broke HTTP's rules could have billed those repeats.
        [JsonProperty("repeats", Order = 9, NullValueHandling = NullValueHandling.Ignore)]
        public int? Repeats { get; set; }

        [JsonProperty("repeated_after", Order = 10, NullValueHandling = NullValueHandling.Ignore)]
        public string? RepeatedAfter { get; set; }

        [JsonProperty("speech_id", Order = 12, NullValueHandling = NullValueHandling.Ignore)]
        public string? SpeechId { get; set; }

        [JsonProperty("at", Order = 11)]
        public DateTimeOffset At { get; set; }
    }
}
