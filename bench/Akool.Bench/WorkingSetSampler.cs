using System;
using System.Diagnostics;
using System.Threading;

namespace Akool.Bench
{
    /// <summary>
    /// Samples this process's working set on a background thread every ~20 ms, from a baseline taken after a full
    /// garbage collection, and keeps the peak.
    /// </summary>
    internal sealed class WorkingSetSampler : IDisposable
    {
        private readonly Thread _thread;
        private readonly ManualResetEventSlim _stop = new ManualResetEventSlim();
        private long _peak;
        private bool _disposed;

        private WorkingSetSampler()
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            Baseline = Read();
            _peak = Baseline;
            _thread = new Thread(Sample) { IsBackground = true, Name = "working-set sampler" };
            _thread.Start();
        }

        public long Baseline { get; }

        /// <summary>Peak minus baseline, in bytes (never negative).</summary>
        public long Growth => Math.Max(0, Interlocked.Read(ref _peak) - Baseline);

        public static WorkingSetSampler Start() => new WorkingSetSampler();

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _stop.Set();
            _thread.Join();
            _stop.Dispose();
        }

        private static long Read()
        {
            using Process self = Process.GetCurrentProcess();
            return self.WorkingSet64;
        }

        private void Sample()
        {
            do
            {
                long now = Read();
                if (now > Interlocked.Read(ref _peak)) Interlocked.Exchange(ref _peak, now);
            }
            while (!_stop.Wait(20));

            long last = Read();
            if (last > Interlocked.Read(ref _peak)) Interlocked.Exchange(ref _peak, last);
        }
    }
}
