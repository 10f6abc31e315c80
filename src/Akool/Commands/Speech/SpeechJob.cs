using System;
using Akool.Client;

namespace Akool.Commands.Speech
{
    /// <summary>
    /// One row's speech, decided on the pipeline thread and never changed (each step makes a copy): what to say, the
    /// resolved voice_id, and how far it got (the speech's id once Akool accepted it, its MP3 once spoken).
    /// </summary>
    internal sealed class SpeechJob
    {
        public SpeechJob(string text, string voiceId, string voiceLabel, string? languageCode)
        {
            Text = text;
            VoiceId = voiceId;
            VoiceLabel = voiceLabel;
            LanguageCode = languageCode;
            Characters = AkoolClient.CountCharacters(text);
        }

        /// <summary>What to say (<c>input_text</c>).</summary>
        public string Text { get; }

        /// <summary>The voice's <c>voice_id</c>, resolved from what the user typed.</summary>
        public string VoiceId { get; }

        /// <summary>The voice as messages name it (its name when known, else its id).</summary>
        public string VoiceLabel { get; }

        /// <summary><c>language_code</c>, or null.</summary>
        public string? LanguageCode { get; }

        /// <summary>The characters the speech bills.</summary>
        public int Characters { get; }

        /// <summary>The speech's <c>_id</c> once Akool accepted the create (from this run or the journal).</summary>
        public string? SpeechId { get; private set; }

        /// <summary>The MP3's URL once the speech is spoken (from the journal: only the video is left).</summary>
        public string? Url { get; private set; }

        /// <summary>How many times the speech was polled in this run.</summary>
        public int Polls { get; private set; }

        /// <summary>When this run began waiting for the speech (UTC); null before.</summary>
        public DateTimeOffset? WaitingSince { get; private set; }

        /// <summary>What the journal key is made of, so a row whose text, voice or language changed is a new row.</summary>
        public string JournalPart => string.Join("\u001f", Text, VoiceId, LanguageCode ?? string.Empty);

        /// <summary>The create's request.</summary>
        public SpeechRequest Request() => new SpeechRequest { InputText = Text, VoiceId = VoiceId, LanguageCode = LanguageCode };

        /// <summary>A copy that waits on <paramref name="speechId"/> (created, not spoken yet).</summary>
        public SpeechJob WithId(string speechId)
        {
            var copy = (SpeechJob)MemberwiseClone();
            copy.SpeechId = speechId;
            return copy;
        }

        /// <summary>A copy that is spoken: its MP3 is at <paramref name="url"/>.</summary>
        public SpeechJob WithUrl(string? speechId, string url)
        {
            var copy = (SpeechJob)MemberwiseClone();
            copy.SpeechId = speechId ?? SpeechId;
            copy.Url = url;
            return copy;
        }

        /// <summary>A copy that has been polled once more.</summary>
        public SpeechJob Polled(DateTimeOffset now)
        {
            var copy = (SpeechJob)MemberwiseClone();
            copy.Polls = Polls + 1;
            copy.WaitingSince = WaitingSince ?? now;
            return copy;
        }

        /// <summary>The speech as users see it (the target of its errors, the output of New-AkoolSpeech).</summary>
        public AkoolSpeech ToSpeech(string? name, SpeechInfo? info = null)
        {
            var speech = new AkoolSpeech(SpeechId ?? info?.Id ?? string.Empty, name, Text, VoiceId, LanguageCode);
            return info == null ? speech : speech.WithServerState(info);
        }
    }
}
