using System;
using System.Collections.Generic;
using Akool.Client;
using Akool.Completion;

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
        public VoiceInfo? Find(string nameOrId, AkoolApiCmdlet cmdlet, out Exception? failure)
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

        private static IReadOnlyList<VoiceInfo> List(AkoolApiCmdlet cmdlet, bool own)
        {
            var query = new VoiceListQuery { Own = own };
            IReadOnlyList<VoiceInfo> voices = cmdlet.RunOne(context => cmdlet.ActiveConnection.Client.ListVoicesAsync(query, context.Log, context.Cancellation));
            VoiceCache.Remember(cmdlet.ActiveConnection, own, voices, complete: true);
            return voices;
        }
    }
}
