using System;
using Newtonsoft.Json;

namespace Akool.Journal
{
    /// <summary>One line of the batch journal. Field names are short and plain so a person can read the file.</summary>
    internal sealed class JournalEntry
    {
        /// <summary>The row's key (see <see cref="RowKey"/>).</summary>
        [JsonProperty("key", Order = 1)]
        public string Key { get; set; } = string.Empty;

        /// <summary>The state this line records.</summary>
        [JsonProperty("state", Order = 2)]
        [JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
        public JournalState State { get; set; }

        /// <summary>The video id, for Created; the speech's <c>_id</c>, for SpeechCreated and SpeechCompleted.</summary>
        [JsonProperty("id", Order = 3, NullValueHandling = NullValueHandling.Ignore)]
        public string? Id { get; set; }

        /// <summary>The row number in the run that wrote the line.</summary>
        [JsonProperty("row", Order = 4)]
        public int Row { get; set; }

        /// <summary>The row's Name, for people reading the journal.</summary>
        [JsonProperty("name", Order = 5, NullValueHandling = NullValueHandling.Ignore)]
        public string? Name { get; set; }

        /// <summary>The photo URL, for people and for re-emitting the video.</summary>
        [JsonProperty("talking_photo_url", Order = 6, NullValueHandling = NullValueHandling.Ignore)]
        public string? TalkingPhotoUrl { get; set; }

        /// <summary>The audio URL (for a text row, the speech's MP3 once SpeechCompleted).</summary>
        [JsonProperty("audio_url", Order = 7, NullValueHandling = NullValueHandling.Ignore)]
        public string? AudioUrl { get; set; }

        /// <summary>Akool's code or the local reason, for Rejected and Unknown.</summary>
        [JsonProperty("reason", Order = 8, NullValueHandling = NullValueHandling.Ignore)]
        public string? Reason { get; set; }

        /// <summary>
        /// How many times the create was sent again after an answer that said it was not processed (HTTP 429/503,
        /// code 1005); absent when it was sent once. A gateway that broke HTTP's rules could have billed those.
        /// </summary>
        [JsonProperty("repeats", Order = 9, NullValueHandling = NullValueHandling.Ignore)]
        public int? Repeats { get; set; }

        /// <summary>The answers that made the create be sent again, for people reading the journal.</summary>
        [JsonProperty("repeated_after", Order = 10, NullValueHandling = NullValueHandling.Ignore)]
        public string? RepeatedAfter { get; set; }

        /// <summary>A text row's speech <c>_id</c> on its video's lines, so a re-run can read the speech again.</summary>
        [JsonProperty("speech_id", Order = 12, NullValueHandling = NullValueHandling.Ignore)]
        public string? SpeechId { get; set; }

        /// <summary>When the line was written (UTC).</summary>
        [JsonProperty("at", Order = 11)]
        public DateTimeOffset At { get; set; }
    }
}
