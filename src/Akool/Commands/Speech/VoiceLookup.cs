using System.Collections.Generic;
using System.Management.Automation;
using System;
using Akool.Client;
using Akool.Completion;
using Akool.Errors;
using Akool.Journal;
using Akool.Models;

namespace Akool.Commands.Speech
{
    /// <summary>
    /// The voices of one batch: both lists (Akool's and the account's own) read once, at the first text row, so an
    /// unknown voice is caught before anything is billed. A listing that failed is remembered and reported for every
    /// text row of the batch (those rows are not sent) rather than read again per row.
    /// </summary>
    internal sealed class VoiceLookup
    {
        private readonly List<VoiceInfo> _voices = new List<VoiceInfo>();
        private bool _loaded;
        private Exception? _failure;

        /// <summary>
        /// Finds <paramref name="nameOrId"/> (a voice_id, the list's _id, or a unique name). The first call reads both
        /// lists through <paramref name="cmdlet"/>'s connection (and keeps them for Tab completion of -Voice).
        /// </summary>
        /// <returns>The voice, or null with <paramref name="failure"/> set when the listing failed, or both null when no (or more than one) voice matches.</returns>
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

        /// <summary>
        /// Decides a speech on the pipeline thread, before anything is billed: one the journal has (created or spoken in
        /// an earlier run) is waited on or read again, never paid for again, and needs no voice lookup; one whose
        /// create's outcome is unknown waits for -Force; a new one needs a voice that exists. Returns null after
        /// refusing the input (an error pointing at <paramref name="target"/>).
        /// </summary>
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

        private static IReadOnlyList<VoiceInfo> List(AkoolApiCmdlet cmdlet, bool own)
        {
            var query = new VoiceListQuery { Own = own };
            IReadOnlyList<VoiceInfo> voices = cmdlet.RunOne(context => cmdlet.ActiveConnection.Client.ListVoicesAsync(query, context.Log, context.Cancellation));
            VoiceCache.Remember(cmdlet.ActiveConnection, own, voices, complete: true);
            return voices;
        }
    }
}
