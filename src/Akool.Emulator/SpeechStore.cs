using System;
using System.Collections.Generic;

namespace Akool.Emulator
{
    /// <summary>The speeches; billed through <see cref="JobStore"/> so videos and speech draw on one balance, under one lock.</summary>
    internal sealed class SpeechStore
    {
        private readonly object _gate = new object();
        private readonly List<EmulatedSpeech> _speeches = new List<EmulatedSpeech>();
        private readonly Dictionary<string, EmulatedSpeech> _byId = new Dictionary<string, EmulatedSpeech>(StringComparer.Ordinal);
        private readonly JobStore _billing;

        public SpeechStore(JobStore billing) => _billing = billing;

        public int Count
        {
            get { lock (_gate) { return _speeches.Count; } }
        }

        public IReadOnlyList<EmulatedSpeech> Snapshot()
        {
            lock (_gate)
            {
                return _speeches.ToArray();
            }
        }

        public EmulatedSpeech? Find(string id)
        {
            lock (_gate)
            {
                return _byId.TryGetValue(id, out EmulatedSpeech? speech) ? speech : null;
            }
        }

        /// <summary>Bills and records a speech; null when the credit is short (nothing is made).</summary>
        public EmulatedSpeech? TryCreate(decimal cost, DateTimeOffset now, Func<string, EmulatedSpeech> make) =>
            _billing.TryBill(cost, now, id =>
            {
                EmulatedSpeech speech = make(id);
                lock (_gate)
                {
                    _speeches.Add(speech);
                    _byId.Add(speech.Id, speech);
                }

                return speech;
            });
    }
}
