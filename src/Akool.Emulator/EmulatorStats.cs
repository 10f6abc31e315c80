using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Akool.Emulator
{
    /// <summary>
    /// A test-only read-out of what the emulator saw, for a client (a benchmark) that runs it as a separate
    /// process and cannot read <see cref="AkoolEmulator.Jobs"/> and <see cref="AkoolEmulator.Requests"/>:
    /// <c>GET /_emulator/stats</c> (<see cref="Routes.Stats"/>, a path Akool's API never uses; no credentials, like
    /// the rest of a local emulator). Counts and times only: no keys, tokens or request bodies.
    /// </summary>
    public sealed class EmulatorStats
    {
        private EmulatorStats(IReadOnlyList<EmulatedJob> jobs, IReadOnlyList<RecordedRequest> requests)
        {
            Jobs = jobs.Count;
            FirstCreate = jobs.Count == 0 ? null : jobs.Min(j => j.CreatedAt);
            LastCreate = jobs.Count == 0 ? null : jobs.Max(j => j.CreatedAt);
            Requests = requests.Count;
            DateTimeOffset[] status = requests.Where(r => r.Endpoint == EmulatorEndpoints.Status).Select(r => r.Time).OrderBy(t => t).ToArray();
            StatusRequests = status.Length;
            FirstStatus = status.Length == 0 ? null : status[0];
            LastStatus = status.Length == 0 ? null : status[^1];
            BusiestStatusSecond = BusiestSecond(status);
            Downloads = requests.Count(r => r.Endpoint == EmulatorEndpoints.Download);
            using Process self = Process.GetCurrentProcess();
            WorkingSet = self.WorkingSet64;
            PeakWorkingSet = self.PeakWorkingSet64;
            ManagedHeap = GC.GetTotalMemory(forceFullCollection: false);
        }

        /// <summary>How many talking-photo jobs were made.</summary>
        public int Jobs { get; }

        /// <summary>When the first job was made (the emulator's clock), or null.</summary>
        public DateTimeOffset? FirstCreate { get; }

        /// <summary>When the last job was made, or null.</summary>
        public DateTimeOffset? LastCreate { get; }

        /// <summary>Every request recorded, of any endpoint.</summary>
        public int Requests { get; }

        /// <summary>Status requests (<c>infobymodelid</c>).</summary>
        public int StatusRequests { get; }

        /// <summary>When the first status request arrived, or null.</summary>
        public DateTimeOffset? FirstStatus { get; }

        /// <summary>When the last status request arrived, or null.</summary>
        public DateTimeOffset? LastStatus { get; }

        /// <summary>The most status requests that arrived within any one second (a window starting at a request).</summary>
        public int BusiestStatusSecond { get; }

        /// <summary>Download requests (videos, speech, voice samples).</summary>
        public int Downloads { get; }

        /// <summary>The emulator process's working set now, in bytes.</summary>
        public long WorkingSet { get; }

        /// <summary>The emulator process's peak working set so far, in bytes.</summary>
        public long PeakWorkingSet { get; }

        /// <summary>The emulator process's managed heap now, in bytes.</summary>
        public long ManagedHeap { get; }

        /// <summary>The read-out of <paramref name="emulator"/> as it is now.</summary>
        /// <param name="emulator">The emulator.</param>
        /// <returns>The counts and times.</returns>
        public static EmulatorStats Of(AkoolEmulator emulator)
        {
            ArgumentNullException.ThrowIfNull(emulator);
            return new EmulatorStats(emulator.Jobs, emulator.Requests);
        }

        /// <summary>The most times in any one-second window starting at one of them.</summary>
        /// <param name="sorted">Times in ascending order.</param>
        /// <returns>The count.</returns>
        public static int BusiestSecond(IReadOnlyList<DateTimeOffset> sorted)
        {
            ArgumentNullException.ThrowIfNull(sorted);
            int best = 0;
            int end = 0;
            for (int start = 0; start < sorted.Count; start++)
            {
                while (end < sorted.Count && sorted[end] < sorted[start] + TimeSpan.FromSeconds(1))
                {
                    end++;
                }

                best = Math.Max(best, end - start);
            }

            return best;
        }

        /// <summary>The read-out as JSON (camelCase names).</summary>
        /// <returns>UTF-8 JSON.</returns>
        public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions);

        internal static async Task Serve(HttpContext context, AkoolEmulator emulator)
        {
            byte[] body = Of(emulator).ToJson();
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(body).ConfigureAwait(false);
        }

        private static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    }
}
