using System.Globalization;
using System.Management.Automation;
using Akool.Client;
using Akool.Errors;
using Akool.Models;

namespace Akool.Commands.Speech
{
    /// <summary>
    /// The checks of a text and its voice made before anything is billed, the same for New-AkoolSpeech and for
    /// New-AkoolTalkingPhoto's text rows, so both say the same thing about the same mistake.
    /// </summary>
    internal static class SpeechRules
    {
        /// <summary>What is wrong with having <paramref name="voice"/> speak <paramref name="text"/>, or null when nothing is.</summary>
        /// <param name="text">The text to speak.</param>
        /// <param name="voice">What the user gave as the voice (looked up later).</param>
        /// <param name="characterLimit">The most characters one speech may have (-SpeechCharacterLimit).</param>
        public static string? Problem(string? text, string? voice, int characterLimit)
        {
            if (string.IsNullOrWhiteSpace(text)) return "Text is empty; give the text for Akool to speak.";
            if (string.IsNullOrWhiteSpace(voice)) return "Text needs a Voice (a name or voice_id from Get-AkoolVoice).";
            int characters = AkoolClient.CountCharacters(text);
            return characters > characterLimit
                ? string.Format(CultureInfo.InvariantCulture, "Text has {0} characters; one speech may have at most {1} (-SpeechCharacterLimit, your plan's limit).", characters, characterLimit)
                : null;
        }

        /// <summary>The error for a voice that neither Akool's voices nor the account's own know (or that names several).</summary>
        /// <param name="subject">The row or speech, as messages name it.</param>
        /// <param name="wanted">What the user gave as the voice.</param>
        /// <param name="target">What the error points at (the row).</param>
        public static ErrorRecord VoiceNotFound(string subject, string wanted, object target) =>
            ErrorClassifier.Create(ErrorIds.VoiceNotFound, ErrorCategory.ObjectNotFound, target,
                $"{subject}: no voice is named '{DisplayText.Escape(wanted.Trim())}' (by voice_id, _id, or a single name among Akool's and your own voices); nothing was sent for it.",
                "Run Get-AkoolVoice (and Get-AkoolVoice -Own) to see the voices, and give one's name or VoiceId.");
    }
}
