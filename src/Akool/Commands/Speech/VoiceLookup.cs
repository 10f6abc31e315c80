using System;
using System.Collections.Generic;
using Akool.Client;

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
        /// Finds <paramref name="nameOrId"/> (a voice_id, the list's _id, or a unique name); <paramref name="list"/>
        /// reads one list (own or Akool's) and is called at most twice per batch.
        /// </summary>
        /// <returns>The voice, or null with <paramref name="failure"/> set when the listing failed, or both null when no (or more than one) voice matches.</returns>
        public VoiceInfo? Find(string nameOrId, Func<bool, IReadOnlyList<VoiceInfo>> list, out Exception? failure)
        {
            if (!_loaded)
            {
                _loaded = true;
                try
                {
                    _voices.AddRange(list(false));
                    _voices.AddRange(list(true));
                }
                catch (AkoolApiException ex)
                {
                    _failure = ex;
                }
            }

            failure = _failure;
            return failure == null ? AkoolClient.FindVoice(_voices, nameOrId) : null;
        }
    }
}
