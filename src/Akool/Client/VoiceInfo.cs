using System;
using System.Collections.Generic;
using Newtonsoft.Json.Linq;

namespace Akool.Client
{
    internal sealed class VoiceInfo(string id, string voiceId)
    {
        public string Id { get; } = id;

        public string VoiceId { get; } = voiceId;

        public string? Name { get; private set; }

        public string? Gender { get; private set; }

        public string? Language { get; private set; }

        public string? Locale { get; private set; }

        public string? PreviewUrl { get; private set; }

        public long? DurationMilliseconds { get; private set; }

        public int? Status { get; private set; }

        public IReadOnlyList<string> Style { get; private set; } = Array.Empty<string>();

        public IReadOnlyList<string> Scenario { get; private set; } = Array.Empty<string>();

        public IReadOnlyList<string> Age { get; private set; } = Array.Empty<string>();

        public string? VoiceModelName { get; private set; }

        public DateTimeOffset? CreatedAt { get; private set; }

        public bool Own { get; private set; }

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
