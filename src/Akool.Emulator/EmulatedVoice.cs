using System;
using System.Collections.Generic;

namespace Akool.Emulator
{
    /// <summary>One voice of the emulator's catalogue, as <c>GET /api/open/v4/voice/list</c> shows it.</summary>
    public sealed class EmulatedVoice
    {
        internal EmulatedVoice(
            string id,
            string voiceId,
            string name,
            string gender,
            string language,
            string locale,
            bool own,
            IReadOnlyList<string> age,
            IReadOnlyList<string> style,
            IReadOnlyList<string> scenario,
            string voiceModelName,
            DateTimeOffset createdAt)
        {
            Id = id;
            VoiceId = voiceId;
            Name = name;
            Gender = gender;
            Language = language;
            Locale = locale;
            Own = own;
            Age = age;
            Style = style;
            Scenario = scenario;
            VoiceModelName = voiceModelName;
            CreatedAt = createdAt;
        }

        /// <summary>The list item's <c>_id</c> (a MongoDB ObjectId); deliberately different from <see cref="VoiceId"/>.</summary>
        public string Id { get; }

        /// <summary>The <c>voice_id</c> that <c>POST /api/open/v4/voice/tts</c> takes.</summary>
        public string VoiceId { get; }

        /// <summary>The display name.</summary>
        public string Name { get; }

        /// <summary>"Male" or "Female".</summary>
        public string Gender { get; }

        /// <summary>The language's English name (e.g. "English").</summary>
        public string Language { get; }

        /// <summary>The locale (e.g. "en-US"); its first two letters are the ISO 639-1 language code.</summary>
        public string Locale { get; }

        /// <summary>True for the account's own (cloned) voices, listed with <c>type=1</c>; false for Akool's (<c>type=2</c>).</summary>
        public bool Own { get; }

        /// <summary>The <c>age[]</c> tags.</summary>
        public IReadOnlyList<string> Age { get; }

        /// <summary>The <c>style[]</c> tags.</summary>
        public IReadOnlyList<string> Style { get; }

        /// <summary>The <c>scenario[]</c> tags.</summary>
        public IReadOnlyList<string> Scenario { get; }

        /// <summary>The <c>voice_model_name</c>.</summary>
        public string VoiceModelName { get; }

        /// <summary>The <c>create_time</c>.</summary>
        public DateTimeOffset CreatedAt { get; }

        /// <summary>The ISO 639-1 code of <see cref="Locale"/> (e.g. "en").</summary>
        public string LanguageCode => Locale.Substring(0, 2).ToLowerInvariant();
    }
}
