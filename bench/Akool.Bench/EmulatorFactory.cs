using System;
using System.Threading.Tasks;
using Akool.Emulator;

namespace Akool.Bench
{
    /// <summary>Emulators for the benchmark: never out of credit, deterministic dice, no request log.</summary>
    internal static class EmulatorFactory
    {
        public static Task<AkoolEmulator> StartAsync(TimeSpan latency, TimeSpan queue, TimeSpan processing, long videoSize = 0)
        {
            var options = new EmulatorOptions
            {
                QueueTime = queue,
                ProcessingTime = processing,
                VideoSize = videoSize,
                InitialCredit = 1_000_000_000m,
                Seed = 5,
            };
            options.Faults.Latency = latency;
            return AkoolEmulator.StartAsync(options);
        }

        public static Uri VideoUri(AkoolEmulator emulator, string id) => new Uri(emulator.BaseUri, "videos/" + id + ".mp4");
    }
}
