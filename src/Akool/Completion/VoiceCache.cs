using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Akool.Client;

namespace Akool.Completion
{
    // Tied to the connection object, so a new connection starts empty and a disposed one is forgotten with it.
    internal static class VoiceCache
    {
        private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(30);

        private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

        private static readonly ConditionalWeakTable<AkoolConnection, Entry> Entries = new ConditionalWeakTable<AkoolConnection, Entry>();

        public static void Remember(AkoolConnection connection, bool own, IEnumerable<VoiceInfo> voices, bool complete)
        {
            Entry entry = Entries.GetValue(connection, _ => new Entry());
            lock (entry)
            {
                foreach (VoiceInfo voice in voices) entry.Voices[voice.Id] = voice;
                if (complete && own) entry.OwnComplete = true;
                else if (complete) entry.AkoolComplete = true;
            }
        }

        public static IReadOnlyList<VoiceInfo> Known(AkoolConnection connection, TimeSpan patience)
        {
            Entry entry = Entries.GetValue(connection, _ => new Entry());
            Task? fetch;
            lock (entry)
            {
                if (entry.AkoolComplete && entry.OwnComplete) return entry.Voices.Values.ToList();
                if (entry.Fetch == null && DateTimeOffset.UtcNow >= entry.NextAttempt) entry.Fetch = Task.Run(() => FetchAsync(connection, entry));
                fetch = entry.Fetch;
            }

            if (fetch != null)
            {
                // Bounded: a completer must never hold the shell for long. The listing goes on in the background.
                try
                {
                    fetch.Wait(patience);
                }
                catch (AggregateException)
                {
                    // FetchAsync records its own failure; nothing to add here.
                }
            }

            lock (entry) return entry.Voices.Values.ToList();
        }

        private static async Task FetchAsync(AkoolConnection connection, Entry entry)
        {
            using (var timeout = new CancellationTokenSource(FetchTimeout))
            {
                try
                {
                    Task<IReadOnlyList<VoiceInfo>> akool = connection.Client.ListVoicesAsync(new VoiceListQuery { Own = false }, null, timeout.Token);
                    Task<IReadOnlyList<VoiceInfo>> own = connection.Client.ListVoicesAsync(new VoiceListQuery { Own = true }, null, timeout.Token);
                    Remember(connection, own: false, await akool.ConfigureAwait(false), complete: true);
                    Remember(connection, own: true, await own.ConfigureAwait(false), complete: true);
                }
                catch (Exception ex) when (ex is AkoolApiException || ex is OperationCanceledException || ex is ObjectDisposedException)
                {
                    // Tab completion is a convenience: a failure shows as no suggestions, and is retried a little later.
                    lock (entry) entry.NextAttempt = DateTimeOffset.UtcNow + RetryAfterFailure;
                }
                finally
                {
                    lock (entry) entry.Fetch = null;
                }
            }
        }

        private sealed class Entry
        {
            public Dictionary<string, VoiceInfo> Voices { get; } = new Dictionary<string, VoiceInfo>(StringComparer.Ordinal);

            public bool AkoolComplete { get; set; }

            public bool OwnComplete { get; set; }

            public Task? Fetch { get; set; }

            public DateTimeOffset NextAttempt { get; set; }
        }
    }
}
