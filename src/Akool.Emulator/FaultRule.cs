namespace Akool.Emulator
{
    /// <summary>
    /// How often a fault strikes (<paramref name="Rate"/>, from 0 = never to 1 = always) and on which endpoints.
    /// </summary>
    /// <param name="Rate">The probability, per request on a matching endpoint, that the fault strikes.</param>
    /// <param name="Endpoints">The endpoints the rule applies to.</param>
    public sealed record FaultRule(double Rate, EmulatorEndpoints Endpoints = EmulatorEndpoints.All)
    {
        /// <summary>The rule that never strikes.</summary>
        public static FaultRule Off { get; } = new FaultRule(0, EmulatorEndpoints.None);

        /// <summary>A rule that strikes on every request to <paramref name="endpoints"/>.</summary>
        /// <param name="endpoints">The endpoints the rule applies to.</param>
        /// <returns>The rule.</returns>
        public static FaultRule Always(EmulatorEndpoints endpoints = EmulatorEndpoints.All) => new FaultRule(1, endpoints);

        /// <summary>Whether the rule can strike on <paramref name="endpoint"/> at all.</summary>
        /// <param name="endpoint">The endpoint of the current request.</param>
        /// <returns>True when the rate is positive and the endpoint is in scope.</returns>
        public bool AppliesTo(EmulatorEndpoints endpoint) => Rate > 0 && endpoint != EmulatorEndpoints.None && (Endpoints & endpoint) == endpoint;
    }
}
