using System;
using System.Collections.Generic;

namespace Akool.Webhooks
{
    /// <summary>
    /// Remembers which events (client id, video id, status) a receiver has handled, so a repeated or replayed
    /// callback is not acted on twice. Akool's signature involves no secret, so anyone who saw one callback can
    /// re-sign it with a fresh timestamp: the age check alone cannot stop a replay, but an event handled before is
    /// recognised here. An event is recorded only when the receiver says it is handled
    /// (<see cref="AkoolWebhookEvent.MarkHandled"/>), never when it is read: a receiver whose work failed answers
    /// an error, and Akool's next delivery must reach it again (at least once, never at most once). Process-wide and
    /// bounded (the oldest entries are forgotten first); a caller that needs memory across processes passes its own
    /// store (-SeenIds).
    /// </summary>
    internal static class WebhookReplayGuard
    {
        /// <summary>How many events the process remembers.</summary>
        internal const int Capacity = 100_000;

        private static readonly object Gate = new object();
        private static readonly HashSet<string> Seen = new HashSet<string>(StringComparer.Ordinal);
        private static readonly Queue<string> Order = new Queue<string>();

        /// <summary>Forgets every event (for tests, which convert the same vectors again).</summary>
        internal static void Forget()
        {
            lock (Gate)
            {
                Seen.Clear();
                Order.Clear();
            }
        }

        /// <summary>The key of an event: what acting on it twice would repeat.</summary>
        public static string KeyOf(string clientId, string videoId, AkoolVideoStatus status) =>
            clientId + "\u001f" + videoId + "\u001f" + ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>True when the event was marked handled (in <paramref name="store"/> when given, else in the process-wide memory).</summary>
        public static bool WasHandled(string key, ICollection<string>? store)
        {
            if (store != null)
            {
                lock (store) return store.Contains(key);
            }
            lock (Gate) return Seen.Contains(key);
        }

        /// <summary>Records the event as handled.</summary>
        public static void MarkHandled(string key, ICollection<string>? store)
        {
            if (store != null)
            {
                lock (store)
                {
                    if (!store.Contains(key)) store.Add(key);
                }
                return;
            }
            lock (Gate)
            {
                if (!Seen.Add(key)) return;
                Order.Enqueue(key);
                if (Order.Count > Capacity) Seen.Remove(Order.Dequeue());
            }
        }
    }
}
