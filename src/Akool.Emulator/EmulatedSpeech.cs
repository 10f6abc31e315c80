using System;

namespace Akool.Emulator
{
    /// <summary>One text-to-speech job the emulator accepted (and billed) through <c>POST /api/open/v4/voice/tts</c>.</summary>
    public sealed class EmulatedSpeech
    {
        private readonly EmulatorClock _clock;

        internal EmulatedSpeech(
            string id,
            string inputText,
            int characters,
            EmulatedVoice voice,
            string? languageCode,
            string? webhookUrl,
            string? voiceOptionsJson,
            DateTimeOffset createdAt,
            TimeSpan queueTime,
            TimeSpan processingTime,
            bool fails,
            decimal deductionCredit,
            EmulatorClock clock)
        {
            Id = id;
            InputText = inputText;
            Characters = characters;
            Voice = voice;
            LanguageCode = languageCode;
            WebhookUrl = webhookUrl;
            VoiceOptionsJson = voiceOptionsJson;
            CreatedAt = createdAt;
            QueueTime = queueTime;
            ProcessingTime = processingTime;
            Fails = fails;
            DeductionCredit = deductionCredit;
            FrameCount = SpeechAudio.FramesFor(characters);
            _clock = clock;
        }

        /// <summary>The speech's <c>_id</c> (an ObjectId, from the same sequence as the videos').</summary>
        public string Id { get; }

        /// <summary>The <c>input_text</c> the create carried.</summary>
        public string InputText { get; }

        /// <summary>How many characters were billed: Unicode scalar values of <see cref="InputText"/>.</summary>
        public int Characters { get; }

        /// <summary>The voice the create named by its <c>voice_id</c>.</summary>
        public EmulatedVoice Voice { get; }

        /// <summary>The <c>language_code</c> the create carried, if any.</summary>
        public string? LanguageCode { get; }

        /// <summary>The <c>webhookUrl</c> the create carried, if any (recorded; the emulator sends no callbacks for speech).</summary>
        public string? WebhookUrl { get; }

        /// <summary>The <c>voice_options</c> object the create carried, as JSON, if any.</summary>
        public string? VoiceOptionsJson { get; }

        /// <summary>When the speech was created, by <see cref="EmulatorClock"/>.</summary>
        public DateTimeOffset CreatedAt { get; }

        /// <summary>How long it stays queueing (status 1).</summary>
        public TimeSpan QueueTime { get; }

        /// <summary>How long it then stays processing (status 2).</summary>
        public TimeSpan ProcessingTime { get; }

        /// <summary>True when the text carried the fail marker: the speech ends in status 4.</summary>
        public bool Fails { get; }

        /// <summary>The credit the create deducted.</summary>
        public decimal DeductionCredit { get; }

        /// <summary>How many MPEG audio frames the MP3 holds.</summary>
        public int FrameCount { get; }

        /// <summary>The MP3's exact length (what <c>duration</c> reports, in milliseconds).</summary>
        public TimeSpan Duration => SpeechAudio.DurationOf(FrameCount);

        /// <summary>When the speech reaches its final status (3 or 4).</summary>
        public DateTimeOffset CompletesAt => CreatedAt + QueueTime + ProcessingTime;

        /// <summary>The status now: 1 queueing, 2 processing, 3 completed, 4 failed.</summary>
        public int Status => StatusAt(_clock.Now);

        /// <summary>The status at <paramref name="time"/>.</summary>
        /// <param name="time">An emulator time.</param>
        /// <returns>1, 2, 3 or 4.</returns>
        public int StatusAt(DateTimeOffset time) => JobTimeline.StatusAt(CreatedAt, QueueTime, ProcessingTime, Fails, time);
    }
}
