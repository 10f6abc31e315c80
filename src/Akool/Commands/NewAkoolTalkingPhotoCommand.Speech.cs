using System.Globalization;
using System.Management.Automation;
using Akool.Client;
using Akool.Commands.Speech;
using Akool.Completion;
using Akool.Models;

namespace Akool.Commands
{
    // Text rows: a row with Text and Voice instead of AudioUrl first has Akool speak the text, then becomes a video of it.
    public sealed partial class NewAkoolTalkingPhotoCommand
    {
        private readonly VoiceLookup _voices = new VoiceLookup();

        /// <summary>What the photo says, spoken by Akool's text to speech instead of an AudioUrl; needs -Voice.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Script", "input_text")]
        [AllowEmptyString]
        [AllowNull]
        public string? Text { get; set; }

        /// <summary>The voice that speaks -Text: its name, voice_id or the list's _id (Get-AkoolVoice).</summary>
        // Akool's docs are ambiguous about which key text to speech wants; the voice's voice_id is sent.
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("voice_id", "VoiceId")]
        [ArgumentCompleter(typeof(VoiceCompleter))]
        [AllowEmptyString]
        [AllowNull]
        public string? Voice { get; set; }

        /// <summary>The language of -Text (ISO 639-1, e.g. "en"), sent as language_code; Akool's default when omitted.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("language_code")]
        [AllowEmptyString]
        [AllowNull]
        public string? Language { get; set; }

        /// <summary>The most characters one row's -Text may have (Akool's per-request limit of your plan); 5,000 on the smallest plan.</summary>
        [Parameter]
        [ValidateRange(1, 1000000)]
        public int SpeechCharacterLimit { get; set; } = AkoolClient.DefaultSpeechCharacterLimit;

        /// <summary>How long, in seconds, one row's speech may take to be spoken before the row is reported (it stays journaled).</summary>
        [Parameter]
        [ValidateRange(1.0, 86400.0)]
        public double SpeechTimeoutSec { get; set; } = SpeechStep.DefaultTimeoutSeconds;

        // A Text column that is empty and no audio asks for speech too (and is reported).
        private bool AsksForSpeech => !string.IsNullOrWhiteSpace(Text) || (Text != null && string.IsNullOrWhiteSpace(AudioUrl) && string.IsNullOrWhiteSpace(AudioPath));

        private string? SpeechProblem() =>
            !string.IsNullOrWhiteSpace(AudioUrl)
                ? "the row has both AudioUrl and Text; give one of them (a recording, or a text for Akool to speak)."
                : string.IsNullOrWhiteSpace(Text)
                    ? "Text is empty (and there is no AudioUrl); give the text to speak, or an AudioUrl."
                    : VoiceLookup.Problem(Text, Voice, SpeechCharacterLimit);

        // A row without audio or text that carries a voice and an id is a speech piped in before it was spoken: said as
        // such, with the billed speech's id, rather than as an empty AudioUrl.
        private string? UnspokenSpeech() =>
            string.IsNullOrWhiteSpace(AudioUrl) && !string.IsNullOrWhiteSpace(Voice) && !string.IsNullOrWhiteSpace(Id)
                ? $"AudioUrl is empty: this looks like speech {DisplayText.Escape(Id!.Trim())}, created (and billed) but not spoken yet. Pipe New-AkoolSpeech -Wait into New-AkoolTalkingPhoto, or give that speech's MP3 URL as AudioUrl once it is spoken."
                : null;

        private static string SpeechTarget(string subject, TalkingPhotoRequest request, SpeechJob speech) =>
            speech.JournaledId != null
                ? $"{subject}: {request.TalkingPhotoUrl} + speech {speech.JournaledId} (already created)"
                : string.Format(CultureInfo.InvariantCulture, "{0}: {1} + speech of {2} characters in voice '{3}' (billed per 1,000 characters)",
                    subject, request.TalkingPhotoUrl, speech.Characters, DisplayText.Escape(speech.VoiceLabel));
    }
}
