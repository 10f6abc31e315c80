using System;
using Akool.Client;

namespace Akool
{
    /// <summary>One text-to-speech job; its AudioUrl and Name bind to New-AkoolTalkingPhoto, so a finished speech pipes into a video.</summary>
    public sealed class AkoolSpeech
    {
        private readonly string? _voiceName;

        internal AkoolSpeech(string id, string? name, string? text, string? voiceId, string? voiceName, string? languageCode)
        {
            Id = id;
            Name = name;
            InputText = text;
            Characters = AkoolClient.CountCharacters(text);
            VoiceId = voiceId;
            _voiceName = voiceName;
            LanguageCode = languageCode;
        }

        internal static AkoolSpeech FromId(string id, string? name) => new AkoolSpeech(id, name, null, null, null, null);

        /// <summary>Akool's <c>_id</c> of the speech: the only handle to it.</summary>
        public string Id { get; private set; }

        /// <summary>The status when last read.</summary>
        public AkoolSpeechStatus Status { get; private set; }

        /// <summary>The user's label for the row.</summary>
        public string? Name { get; }

        /// <summary>The text spoken (Akool's <c>input_text</c>).</summary>
        // Not named Text: a speech piped into New-AkoolTalkingPhoto must bind only its AudioUrl, not also -Text.
        public string? InputText { get; private set; }

        /// <summary>How many characters were billed (Unicode characters of <see cref="InputText"/>).</summary>
        public int Characters { get; private set; }

        /// <summary>The voice's name when the module looked it up at creation; else its <c>voice_id</c>.</summary>
        public string? Voice => _voiceName ?? VoiceId;

        /// <summary>The <c>voice_id</c> the speech was made with.</summary>
        public string? VoiceId { get; private set; }

        /// <summary>The <c>language_code</c>, when given or reported.</summary>
        public string? LanguageCode { get; private set; }

        /// <summary>The MP3's URL once Completed (Akool's <c>preview</c>).</summary>
        public string? Url { get; private set; }

        /// <summary>The same URL as <see cref="Url"/>, named so that it binds to New-AkoolTalkingPhoto's <c>-AudioUrl</c>.</summary>
        public string? AudioUrl => Url;

        /// <summary>How long the speech lasts, once known.</summary>
        public TimeSpan? Duration { get; private set; }

        /// <summary>What the speech cost (Akool's <c>deduction_credit</c>), when reported.</summary>
        public decimal? DeductionCredit { get; private set; }

        /// <summary>When Akool created the job.</summary>
        public DateTimeOffset? CreatedAt { get; private set; }

        /// <summary>Akool's error code for a Failed speech, when it gives one.</summary>
        public string? ErrorCode { get; private set; }

        /// <summary>Akool's reason for a Failed speech, when it gives one.</summary>
        public string? ErrorReason { get; private set; }

        /// <summary>True once Completed or Failed.</summary>
        public bool IsFinal => Status == AkoolSpeechStatus.Completed || Status == AkoolSpeechStatus.Failed;

        /// <summary>The id, so a speech used as a string is its handle.</summary>
        public override string ToString() => Id;

        internal AkoolSpeech WithServerState(SpeechInfo info)
        {
            var copy = (AkoolSpeech)MemberwiseClone();
            copy.Id = info.Id;
            copy.Status = Enum.IsDefined(typeof(AkoolSpeechStatus), info.Status) ? (AkoolSpeechStatus)info.Status : AkoolSpeechStatus.Unknown;
            copy.Url = info.Url;
            copy.Duration = info.DurationMilliseconds.HasValue ? TimeSpan.FromMilliseconds(info.DurationMilliseconds.Value) : Duration;
            copy.DeductionCredit = info.DeductionCredit ?? DeductionCredit;
            copy.VoiceId = info.VoiceId ?? VoiceId;
            copy.LanguageCode = info.LanguageCode ?? LanguageCode;
            copy.CreatedAt = info.CreatedAt ?? CreatedAt;
            copy.ErrorCode = info.ErrorCode;
            copy.ErrorReason = info.ErrorReason;
            if (copy.InputText == null && info.InputText != null)
            {
                copy.InputText = info.InputText;
                copy.Characters = AkoolClient.CountCharacters(info.InputText);
            }
            return copy;
        }
    }
}
