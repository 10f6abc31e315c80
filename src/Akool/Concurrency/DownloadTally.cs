using System.Threading;
using Akool.Client;

namespace Akool
{
    /// <summary>Byte counts summed over every download of one Save-AkoolVideo call, for its one progress bar.</summary>
    internal sealed class DownloadTally
    {
        private long _expected;
        private long _received;

        public long ExpectedBytes => Interlocked.Read(ref _expected);

        public long ReceivedBytes => Interlocked.Read(ref _received);

        /// <summary>A progress sink for one download that adds into this tally.</summary>
        public IDownloadProgress ForOneDownload() => new OneDownload(this);

        private sealed class OneDownload : IDownloadProgress
        {
            private readonly DownloadTally _tally;
            private long _total;

            public OneDownload(DownloadTally tally) => _tally = tally;

            public void SetTotal(long totalBytes)
            {
                if (totalBytes < 0) return;
                long previous = Interlocked.Exchange(ref _total, totalBytes);
                Interlocked.Add(ref _tally._expected, totalBytes - previous);
            }

            public void Add(long bytes) => Interlocked.Add(ref _tally._received, bytes);
        }
    }
}
