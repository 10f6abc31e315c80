using System;
using System.Collections.Generic;
using System.Linq;
using Akool.Client;

namespace Akool
{
    /// <summary>One voice Akool can speak with; pass its VoiceId, Id or Name to a -Voice parameter.</summary>
    public sealed class AkoolVoice
    {
        internal AkoolVoice(VoiceInfo info, Uri baseUri)
        {
            Id = info.Id;
            VoiceId = info.VoiceId;
            Name = info.Name ?? info.VoiceId;
            Gender = info.Gender;
            Language = info.Language;
            Locale = info.Locale;
            LanguageCode = CodeOf(info.Locale);
            Style = info.Style.ToArray();
            Scenario = info.Scenario.ToArray();
            Age = info.Age.ToArray();
            Tags = Style.Concat(Scenario).Concat(Age).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            PreviewUrl = info.PreviewUrl;
            SampleDuration = info.DurationMilliseconds > 0 ? TimeSpan.FromMilliseconds(info.DurationMilliseconds.Value) : (TimeSpan?)null;
            VoiceModel = info.VoiceModelName;
            Own = info.Own;
            CreatedAt = info.CreatedAt;
            BaseUri = baseUri;
        }

        /// <summary>The voice's name, e.g. "Alice".</summary>
        public string Name { get; }

        /// <summary>Akool's <c>voice_id</c>: the key the module sends when it creates speech.</summary>
        public string VoiceId { get; }

        /// <summary>The voice list's <c>_id</c> (Akool's docs are ambiguous about which of the two TTS wants; both are accepted).</summary>
        public string Id { get; }

        /// <summary>"Male" or "Female".</summary>
        public string? Gender { get; }

        /// <summary>The language's name, e.g. "English".</summary>
        public string? Language { get; }

        /// <summary>The locale, e.g. "en-US".</summary>
        public string? Locale { get; }

        /// <summary>The ISO 639-1 code of <see cref="Locale"/>, e.g. "en": what <c>language_code</c> takes.</summary>
        public string? LanguageCode { get; }

        /// <summary>Akool's style tags, e.g. "Warm".</summary>
        public IReadOnlyList<string> Style { get; }

        /// <summary>Akool's scenario tags, e.g. "Education".</summary>
        public IReadOnlyList<string> Scenario { get; }

        /// <summary>Akool's age tags, e.g. "Young".</summary>
        public IReadOnlyList<string> Age { get; }

        /// <summary>Every tag (style, scenario, age), once each.</summary>
        public IReadOnlyList<string> Tags { get; }

        /// <summary>A sample of the voice: an MP3 URL.</summary>
        public string? PreviewUrl { get; }

        /// <summary>How long the sample lasts.</summary>
        public TimeSpan? SampleDuration { get; }

        /// <summary>Akool's <c>voice_model_name</c>; voice options work only on some models.</summary>
        public string? VoiceModel { get; }

        /// <summary>True for the account's own (cloned) voices; false for Akool's.</summary>
        public bool Own { get; }

        /// <summary>When the voice was added.</summary>
        public DateTimeOffset? CreatedAt { get; }

        /// <summary>The API the voice was listed from.</summary>
        public Uri BaseUri { get; }

        /// <summary>The <c>voice_id</c>, so a voice given where a string is expected is its key.</summary>
        public override string ToString() => VoiceId;

        // "en" from "en-US".
        internal static string? CodeOf(string? locale)
        {
            if (locale == null || locale.Length < 2 || !char.IsLetter(locale[0]) || !char.IsLetter(locale[1])) return null;
            if (locale.Length > 2 && char.IsLetter(locale[2])) return null;
            return locale.Substring(0, 2).ToLowerInvariant();
        }
    }
}
