using System;
using System.Collections.Generic;
using Newtonsoft.Json.Linq;

namespace Akool.Client
{
    /// <summary>One item of Akool's voice list (<c>GET /api/open/v4/voice/list</c>); unknown fields are ignored, missing ones are null.</summary>
    internal sealed class VoiceInfo
    {
        private VoiceInfo(string id, string voiceId)
        {
            Id = id;
            VoiceId = voiceId;
        }

        /// <summary>The list item's <c>_id</c> (may equal <see cref="VoiceId"/> when Akool sends only one of the two).</summary>
        public string Id { get; }

        /// <summary>The <c>voice_id</c>: what a speech create sends.</summary>
        public string VoiceId { get; }

        public string? Name { get; private set; }

        /// <summary><c>gender</c> ("Male" or "Female" on Akool).</summary>
        public string? Gender { get; private set; }

        /// <summary><c>language</c>, a language's name (e.g. "English").</summary>
        public string? Language { get; private set; }

        /// <summary><c>locale</c> (e.g. "en-US").</summary>
        public string? Locale { get; private set; }

        /// <summary><c>preview</c>: a sample's MP3 URL.</summary>
        public string? PreviewUrl { get; private set; }

        /// <summary><c>duration</c> of the sample, in milliseconds (the contract's unit for the list).</summary>
        public long? DurationMilliseconds { get; private set; }

        /// <summary><c>status</c>, as Akool gives it (its meaning for voices is not documented).</summary>
        public int? Status { get; private set; }

        public IReadOnlyList<string> Style { get; private set; } = Array.Empty<string>();

        public IReadOnlyList<string> Scenario { get; private set; } = Array.Empty<string>();

        public IReadOnlyList<string> Age { get; private set; } = Array.Empty<string>();

        public string? VoiceModelName { get; private set; }

        public DateTimeOffset? CreatedAt { get; private set; }

        /// <summary>True when listed with <c>type=1</c> (the account's own, cloned voices).</summary>
        public bool Own { get; private set; }

        /// <summary>Reads one list item; null when it has neither <c>voice_id</c> nor <c>_id</c> (nothing could use it).</summary>
        internal static VoiceInfo? FromItem(JToken? item, bool own)
        {
            if (!(item is JObject obj)) return null;
            string? id = JsonRead.NonEmptyText(obj["_id"]);
            string? voiceId = JsonRead.NonEmptyText(obj["voice_id"]);

            // Which key TTS wants is unconfirmed (docs/akool-api: "voice_id or _id"). We always send voice_id, so an
            // item without one falls back to its _id: the only key we have, and the other candidate Akool may accept.
            if (id == null && voiceId == null) return null;
            return new VoiceInfo(id ?? voiceId!, voiceId ?? id!)
            {
                Name = JsonRead.NonEmptyText(obj["name"]),
                Gender = JsonRead.NonEmptyText(obj["gender"]),
                Language = JsonRead.NonEmptyText(obj["language"]),
                Locale = JsonRead.NonEmptyText(obj["locale"]),
                PreviewUrl = JsonRead.NonEmptyText(obj["preview"]),
                DurationMilliseconds = JsonRead.Integer(obj["duration"]),
                Status = JsonRead.Integer(obj["status"]) is long status ? (int)status : (int?)null,
                Style = JsonRead.Tags(obj["style"]),
                Scenario = JsonRead.Tags(obj["scenario"]),
                Age = JsonRead.Tags(obj["age"]),
                VoiceModelName = JsonRead.NonEmptyText(obj["voice_model_name"]),
                CreatedAt = JsonRead.UnixMilliseconds(obj["create_time"]),
                Own = own,
            };
        }
    }
}
