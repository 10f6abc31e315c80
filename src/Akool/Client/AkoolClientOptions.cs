using System;

namespace Akool.Client
{
    /// <summary>Settings of an <see cref="AkoolClient"/>; fixed once the client is made.</summary>
    internal sealed class AkoolClientOptions
    {
        /// <summary>Akool's public endpoint.</summary>
        public static readonly Uri DefaultBaseUri = new Uri("https://openapi.akool.com");

        /// <summary>Where the API lives (Akool, a proxy, or the emulator).</summary>
        public Uri BaseUri { get; set; } = DefaultBaseUri;

        /// <summary>How transient failures are retried.</summary>
        public RetryPolicy Retry { get; set; } = RetryPolicy.Default;

        /// <summary>How long one request may take before it counts as timed out.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

        /// <summary>
        /// How long one call may take in all, every attempt and every wait between them: a call that keeps timing
        /// out ends here instead of after a request timeout per retry (about 10 minutes at the defaults).
        /// </summary>
        public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMinutes(2);

        /// <summary>The User-Agent header sent with every request.</summary>
        public string UserAgent { get; set; } = "Akool-PowerShell";

        /// <summary>
        /// The largest API answer read into memory. Real answers are a few hundred bytes; anything bigger than this
        /// is not Akool's envelope and must not be allowed to exhaust memory.
        /// </summary>
        public int MaximumAnswerBytes { get; set; } = 4 * 1024 * 1024;

        /// <summary>Which proxy API calls and downloads go through; default the platform's own.</summary>
        public ProxySettings Proxy { get; set; } = ProxySettings.SystemDefault;
    }
}
