namespace Akool.Client
{
    /// <summary>Receives byte counts as a download proceeds; called from a worker thread.</summary>
    internal interface IDownloadProgress
    {
        /// <summary>The total length became known.</summary>
        void SetTotal(long totalBytes);

        /// <summary>More bytes were written (negative when a restart threw bytes away).</summary>
        void Add(long bytes);
    }
}
