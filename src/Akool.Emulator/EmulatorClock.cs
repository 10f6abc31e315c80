using System;
using System.Threading;

namespace Akool.Emulator
{
    /// <summary>
    /// The emulator's notion of "now": real UTC time plus a settable offset. Job status, <c>create_time</c>,
    /// token age and result expiry all read it, so tests shift it instead of sleeping.
    /// </summary>
    public sealed class EmulatorClock
    {
        private long _offsetTicks;

        /// <summary>The current emulator time: <see cref="DateTimeOffset.UtcNow"/> plus <see cref="Offset"/>.</summary>
        public DateTimeOffset Now => DateTimeOffset.UtcNow + Offset;

        /// <summary>How far the emulator time is ahead of (positive) or behind (negative) real time. Thread-safe.</summary>
        public TimeSpan Offset
        {
            get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
            set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
        }

        /// <summary>Moves the emulator time forward by <paramref name="amount"/> (backward when negative). Thread-safe.</summary>
        /// <param name="amount">How far to move.</param>
        public void Advance(TimeSpan amount) => Interlocked.Add(ref _offsetTicks, amount.Ticks);
    }
}
