using System;
using System.Diagnostics;

namespace Akool.Bench
{
    /// <summary>
    /// What a measured stretch cost the machine: this process's CPU in user and kernel mode, the emulator process's
    /// CPU, the bytes this process allocated, and how long its garbage collections paused it. On the bench's two
    /// cores, shared by the bench and the emulator, a way's wall time follows the sum of both processes' CPU, so this
    /// says where a row's time goes when the ratios alone cannot.
    /// </summary>
    internal sealed class CpuMeter
    {
        private readonly Process _self = Process.GetCurrentProcess();
        private readonly Process _emulator;

        public CpuMeter(int emulatorProcessId) => _emulator = Process.GetProcessById(emulatorProcessId);

        public CpuCost Now()
        {
            _self.Refresh();
            _emulator.Refresh();
            return new CpuCost(_self.UserProcessorTime, _self.PrivilegedProcessorTime, _emulator.TotalProcessorTime,
                GC.GetTotalAllocatedBytes(precise: true), GC.GetTotalPauseDuration());
        }

        /// <summary>Runs <paramref name="measured"/> and returns its result with what it cost.</summary>
        public (T Result, CpuCost Cost) Measure<T>(Func<T> measured)
        {
            CpuCost before = Now();
            T result = measured();
            return (result, Now() - before);
        }
    }

    /// <summary>CPU, allocation and pause totals of <see cref="CpuMeter"/>, or their difference over a stretch.</summary>
    internal readonly record struct CpuCost(TimeSpan User, TimeSpan Kernel, TimeSpan Emulator, long Allocated, TimeSpan GcPause)
    {
        public static CpuCost operator -(CpuCost after, CpuCost before) => new(after.User - before.User, after.Kernel - before.Kernel,
            after.Emulator - before.Emulator, after.Allocated - before.Allocated, after.GcPause - before.GcPause);

        public static CpuCost operator +(CpuCost a, CpuCost b) => new(a.User + b.User, a.Kernel + b.Kernel,
            a.Emulator + b.Emulator, a.Allocated + b.Allocated, a.GcPause + b.GcPause);

        /// <summary>Both processes' CPU.</summary>
        public TimeSpan Total => User + Kernel + Emulator;
    }
}
