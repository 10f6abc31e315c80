using System;

namespace Akool.Emulator
{
    /// <summary>One request the emulator saw, recorded when its answer was finished (or the connection was aborted).</summary>
    /// <param name="Method">The HTTP method.</param>
    /// <param name="Path">The path and query string.</param>
    /// <param name="StatusCode">The HTTP status code set on the answer (also set when the connection was then aborted).</param>
    /// <param name="AuthKind">Which credentials were sent: "ApiKey", "Bearer", "None" or "Both".</param>
    /// <param name="Endpoint">Which endpoint the path maps to (<see cref="EmulatorEndpoints.None"/> when unknown).</param>
    /// <param name="Code">The Akool <c>code</c> answered, when the answer was an Akool JSON envelope.</param>
    /// <param name="Fault">The name of the fault that struck (e.g. "Http503", "DropConnection"), or null.</param>
    /// <param name="Time">When the request arrived, by <see cref="EmulatorClock"/>.</param>
    public sealed record RecordedRequest(
        string Method,
        string Path,
        int StatusCode,
        string AuthKind,
        EmulatorEndpoints Endpoint,
        int? Code,
        string? Fault,
        DateTimeOffset Time);
}
