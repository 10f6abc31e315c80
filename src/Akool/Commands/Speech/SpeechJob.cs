using System;
using Akool.Client;

namespace Akool.Commands.Speech
{
    /// <summary>
    /// One row's speech, decided on the pipeline thread and never changed (each step makes a copy): what to say, the
    /// voice, and how far it got (the speech's id once Akool accepted it, its MP3 once spoken).
    /// </summary>
    internal sealed class SpeechJob
    {
        public SpeechJob(string text, string voiceId, string voiceLabel, string? languageCode, TimeSpan maximumWait)
        {
            Text = text;
            VoiceId = voiceId;
            VoiceLabel = voiceLabel;
            LanguageCode = languageCode;
            MaximumWait = maximumWait;
            Characters = AkoolClient.CountCharacters(text);
        }

        /// <summary>What to say (<c>input_text</c>).</summary>
        public string Text { get; }

        /// <summary>The voice's <c>voice_id</c>, resolved from what the user typed (what was typed, for a speech the journal already has).</summary>
        public string VoiceId { get; }

        /// <summary>The voice as messages name it (its name when known, else its id).</summary>
        public string VoiceLabel { get; }

        /// <summary><c>language_code</c>, or null.</summary>
        public string? LanguageCode { get; }

        /// <summary>How long the speech may take (from this run's first poll) before the row is reported.</summary>
        public TimeSpan MaximumWait { get; }

        /// <summary>The characters the speech bills.</summary>
        public int Characters { get; }

        /// <summary>The speech's <c>_id</c> once Akool accepted the create (from this run or the journal).</summary>
        public string? SpeechId { get; private set; }

        /// <summary>The MP3's URL once the speech is spoken in this run; or the journal's, which is read again before use.</summary>
        public string? Url { get; private set; }

        /// <summary>True when the speech came from the journal as spoken: it is read again, and its file checked, before a video uses it.</summary>
        public bool FromJournal { get; private set; }

        /// <summary>How many times the speech was polled in this run.</summary>
        public int Polls { get; private set; }

        /// <summary>When this run began waiting for the speech (UTC); null before.</summary>
        public DateTimeOffset? WaitingSince { get; private set; }

        /// <summary>What a journal key is made of: the text, the voice as typed, the language (so a re-run finds its lines before any voice lookup).</summary>
        public static string KeyPart(string text, string voice, string? languageCode) => string.Join("\u001f", text, voice.Trim(), (languageCode ?? string.Empty).Trim());

        /// <summary>The create's request.</summary>
        public SpeechRequest Request() => new SpeechRequest { InputText = Text, VoiceId = VoiceId, LanguageCode = LanguageCode };

        /// <summary>
        /// A copy that waits on <paramref name="speechId"/>: created in this run, or in an earlier one (<paramref name="fromJournal"/>,
        /// with the MP3 URL the journal has, if any).
        /// </summary>
        public SpeechJob WithId(string speechId, bool fromJournal = false, string? journaledUrl = null) => Copy(c =>
        {
            c.SpeechId = speechId;
            c.FromJournal = fromJournal;
            c.Url = journaledUrl;
        });

        /// <summary>A copy that is spoken in this run: its MP3 is at <paramref name="url"/>.</summary>
        public SpeechJob WithUrl(string speechId, string url) => Copy(c =>
        {
            c.SpeechId = speechId;
            c.Url = url;
            c.FromJournal = false;
        });

        /// <summary>A copy that has been polled once more.</summary>
        public SpeechJob Polled(DateTimeOffset now) => Copy(c =>
        {
            c.Polls = Polls + 1;
            c.WaitingSince = WaitingSince ?? now;
        });

        /// <summary>The speech as users see it (the target of its errors, the output of New-AkoolSpeech).</summary>
        public AkoolSpeech ToSpeech(string? name, SpeechInfo? info = null)
        {
            var speech = new AkoolSpeech(SpeechId ?? info?.Id ?? string.Empty, name, Text, VoiceId, LanguageCode);
            return info == null ? speech : speech.WithServerState(info);
        }

        private SpeechJob Copy(Action<SpeechJob> change)
        {
            var copy = (SpeechJob)MemberwiseClone();
            change(copy);
            return copy;
        }
    }
}
