using System;

namespace Akool.Emulator
{
    /// <summary>One seeded random source for every fault decision, so a seeded run strikes the same requests each time.</summary>
    internal sealed class FaultDice
    {
        private readonly object _gate = new object();
        private readonly Random _random;

        public FaultDice(int? seed) => _random = seed.HasValue ? new Random(seed.Value) : new Random();

        /// <summary>True when <paramref name="rule"/> strikes this request. Rules out of scope do not consume a roll.</summary>
        public bool Roll(FaultRule rule, EmulatorEndpoints endpoint)
        {
            if (!rule.AppliesTo(endpoint))
            {
                return false;
            }

            lock (_gate)
            {
                return _random.NextDouble() < rule.Rate;
            }
        }

        /// <summary>A random value for webhook nonces, from the same lock (Random is not thread-safe).</summary>
        public int Next(int minValue, int maxValue)
        {
            lock (_gate)
            {
                return _random.Next(minValue, maxValue);
            }
        }
    }
}
