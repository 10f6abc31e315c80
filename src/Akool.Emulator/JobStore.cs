using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Threading;

namespace Akool.Emulator
{
    /// <summary>The jobs and the account balance, changed together under one lock so a create is billed exactly once.</summary>
    internal sealed class JobStore
    {
        private readonly object _gate = new object();
        private readonly List<EmulatedJob> _jobs = new List<EmulatedJob>();
        private readonly Dictionary<string, EmulatedJob> _byId = new Dictionary<string, EmulatedJob>(StringComparer.Ordinal);

        // The webhook sender looks at these every 50 ms: scanning (and copying) every job instead made a long run
        // of webhook-less jobs (the benches' 100,000) slower and slower, on the client's CPU as well.
        private readonly List<EmulatedJob> _withWebhook = new List<EmulatedJob>();
        private readonly byte[] _machine = new byte[5];
        private decimal _credit;
        private readonly string _idPrefix;
        private int _counter;

        public JobStore(decimal initialCredit, string idPrefix = "")
        {
            _credit = initialCredit;
            _idPrefix = idPrefix;
            // Random per emulator even when the fault dice are seeded: two emulators started in the same second must
            // never hand out the same id, as no two Akool servers do.
            RandomNumberGenerator.Fill(_machine);
            _counter = RandomNumberGenerator.GetInt32(0, 0xFFFFFF);
        }

        public decimal Credit
        {
            get { lock (_gate) { return _credit; } }
            set { lock (_gate) { _credit = value; } }
        }

        public int Count
        {
            get { lock (_gate) { return _jobs.Count; } }
        }

        public IReadOnlyList<EmulatedJob> Snapshot()
        {
            lock (_gate)
            {
                return _jobs.ToArray();
            }
        }

        /// <summary>The jobs that asked for webhooks, in creation order.</summary>
        public IReadOnlyList<EmulatedJob> WithWebhooks()
        {
            lock (_gate)
            {
                return _withWebhook.Count == 0 ? Array.Empty<EmulatedJob>() : _withWebhook.ToArray();
            }
        }

        public EmulatedJob? Find(string id)
        {
            lock (_gate)
            {
                return _byId.TryGetValue(id, out EmulatedJob? job) ? job : null;
            }
        }

        /// <summary>Bills and records a job made by <paramref name="make"/> from a fresh id; null when the credit is short (nothing is made).</summary>
        public EmulatedJob? TryCreate(decimal cost, DateTimeOffset now, Func<string, EmulatedJob> make)
        {
            lock (_gate)
            {
                if (_credit < cost)
                {
                    return null;
                }

                EmulatedJob job = make(NewId(now));
                _credit -= cost;
                _jobs.Add(job);
                _byId.Add(job.Id, job);
                if (job.WebhookUrl is not null)
                {
                    _withWebhook.Add(job);
                }

                return job;
            }
        }

        /// <summary>
        /// Bills <paramref name="cost"/> and makes something else than a video (a speech) from a fresh id, under the
        /// same lock and from the same balance; null when the credit is short (nothing is made).
        /// </summary>
        public T? TryBill<T>(decimal cost, DateTimeOffset now, Func<string, T> make)
            where T : class
        {
            lock (_gate)
            {
                if (_credit < cost)
                {
                    return null;
                }

                T made = make(NewId(now));
                _credit -= cost;
                return made;
            }
        }

        /// <summary>A MongoDB ObjectId, as Akool's <c>_id</c>: 4 bytes of seconds, 5 random bytes per emulator, 3 bytes of counter (after the configured prefix).</summary>
        private string NewId(DateTimeOffset now)
        {
            Span<byte> id = stackalloc byte[12];
            BinaryPrimitives.WriteUInt32BigEndian(id, (uint)Math.Max(0, now.ToUnixTimeSeconds()));
            _machine.CopyTo(id.Slice(4));
            int counter = Interlocked.Increment(ref _counter) & 0xFFFFFF;
            id[9] = (byte)(counter >> 16);
            id[10] = (byte)(counter >> 8);
            id[11] = (byte)counter;
            return _idPrefix + Convert.ToHexStringLower(id);
        }
    }
}
