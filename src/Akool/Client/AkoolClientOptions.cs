using System;

namespace Akool.Client
{
    internal sealed class AkoolClientOptions
    {
        public static readonly Uri DefaultBaseUri = new Uri("https://openapi.akool.com");

        public Uri BaseUri { get; set; } = DefaultBaseUri;

        public RetryPolicy Retry { get; set; } = RetryPolicy.Default;

        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

        // Every attempt and wait of one call: a call that keeps timing out ends here, not after a request timeout per retry.
        public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMinutes(2);

        public string UserAgent { get; set; } = "Akool-PowerShell";

        // Real answers are a few hundred bytes; a bigger one is not Akool's envelope and must not exhaust memory.
        public int MaximumAnswerBytes { get; set; } = 4 * 1024 * 1024;

        public ProxySettings Proxy { get; set; } = ProxySettings.SystemDefault;
    }
}
