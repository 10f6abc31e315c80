using System;
using System.Collections.Generic;

namespace Akool.Webhooks
{
    // Akool's signature involves no secret, so a seen callback can be re-signed with a fresh timestamp: only remembering
    // handled events stops a replay. Recorded on MarkHandled only, so a receiver that failed gets the next delivery.
    internal static class WebhookReplayGuard
    {
        internal const int Capacity = 100_000;

        private static readonly object Gate = new object();
        private static readonly HashSet<string> Seen = new HashSet<string>(StringComparer.Ordinal);
        private static readonly Queue<string> Order = new Queue<string>();

        internal static void Forget()
        {
            lock (Gate)
            {
                Seen.Clear();
                Order.Clear();
            }
        }

        public static string KeyOf(string clientId, string videoId, AkoolVideoStatus status) =>
            clientId + "\u001f" + videoId + "\u001f" + ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);

        public static bool WasHandled(string key, ICollection<string>? store)
        {
            if (store != null)
            {
                lock (store) return store.Contains(key);
            }
            lock (Gate) return Seen.Contains(key);
        }

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
