using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using Akool.Client;
using Akool.Completion;
using Akool.Errors;
using Akool.Journal;
using Akool.Models;

namespace Akool.Commands.Speech
{
    // The voices of one batch, read once at the first text row so an unknown voice is caught before anything is
    // billed. A listing that failed is reported for every text row of the batch rather than read again per row.
    internal sealed class VoiceLookup
    {
        private readonly List<VoiceInfo> _voices = new List<VoiceInfo>();
        private bool _loaded;
        private Exception? _failure;

        private VoiceInfo? Find(string nameOrId, AkoolApiCmdlet cmdlet, out Exception? failure)
        {
            if (!_loaded)
            {
                _loaded = true;
                try
                {
                    _voices.AddRange(List(cmdlet, own: false));
                    _voices.AddRange(List(cmdlet, own: true));
                }
                catch (AkoolApiException ex)
                {
                    _failure = ex;
                }
            }
            failure = _failure;
            return failure == null ? AkoolClient.FindVoice(_voices, nameOrId) : null;
        }

        // A speech the journal has is read again, never paid for again, and needs no voice lookup.
        public SpeechJob? Decide<TWork>(AkoolApiCmdlet cmdlet, CreatedInRun<TWork> run, JournalEntry? earlier, string subject, object target,
            string text, string voice, string? language, TimeSpan maximumWait, bool force)
        {
            string typed = voice.Trim();
            JournalVerdict verdict = BilledCreate.Speech.Decide(earlier);
            // A speech line names the speech in its id; a video line (the speech was spoken) in its speech_id.
            string? speechId = earlier == null ? null : earlier.State >= JournalState.SpeechSubmitting ? earlier.Id : earlier.SpeechId;
            if (verdict == JournalVerdict.Made && speechId != null)
            {
                cmdlet.WriteVerbose($"{subject}: its speech {speechId} was created in an earlier run (journal); reading it again, not paying for it again.");
                return new SpeechJob(text, typed, typed, language, maximumWait, speechId, earlier!.AudioUrl);
            }
            if (verdict != JournalVerdict.Send && !run.MaySendAgain(force, subject, "its speech", target)) return null;

            VoiceInfo? found = Find(voice, cmdlet, out Exception? failure);
            if (failure != null)
            {
                run.Refuse(ErrorClassifier.From(failure, $"{subject}: listing Akool's voices failed, so nothing was sent for it", target));
            }
            else if (found == null)
            {
                run.Refuse(ErrorClassifier.Create(ErrorIds.VoiceNotFound, ErrorCategory.ObjectNotFound, target,
                    $"{subject}: no voice is named '{DisplayText.Escape(typed)}' (by voice_id, _id, or a single name among Akool's and your own voices); nothing was sent for it.",
                    "Run Get-AkoolVoice (and Get-AkoolVoice -Own) to see the voices, and give one's name or VoiceId."));
            }
            return found == null ? null : new SpeechJob(text, found.VoiceId, found.Name ?? found.VoiceId, language, maximumWait);
        }

        // The checks of a text and its voice made before anything is billed, the same for New-AkoolSpeech and for
        // New-AkoolTalkingPhoto's text rows, so both say the same thing about the same mistake.
        public static string? Problem(string? text, string? voice, int characterLimit)
        {
            if (string.IsNullOrWhiteSpace(text)) return "Text is empty; give the text for Akool to speak.";
            if (string.IsNullOrWhiteSpace(voice)) return "Text needs a Voice (a name or voice_id from Get-AkoolVoice).";
            int characters = AkoolClient.CountCharacters(text);
            return characters > characterLimit
                ? string.Format(CultureInfo.InvariantCulture, "Text has {0} characters; one speech may have at most {1} (-SpeechCharacterLimit, your plan's limit).", characters, characterLimit)
                : null;
        }

        private static IReadOnlyList<VoiceInfo> List(AkoolApiCmdlet cmdlet, bool own)
        {
            var query = new VoiceListQuery { Own = own };
            IReadOnlyList<VoiceInfo> voices = cmdlet.RunOne(context => cmdlet.ActiveConnection.Client.ListVoicesAsync(query, context.Log, context.Cancellation));
            VoiceCache.Remember(cmdlet.ActiveConnection, own, voices, complete: true);
            return voices;
        }
    }
}
