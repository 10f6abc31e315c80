using System.Globalization;
using System.Management.Automation;
using System.Threading;
using Akool.Client;

namespace Akool
{
    // Start, Show and Complete run on the pipeline thread; Saved, Finished and the byte counts on any thread.
    internal sealed class SaveProgress
    {
        private readonly ThrottledProgress _progress;
        private readonly string _done;
        private long _expectedBytes;
        private long _receivedBytes;
        private int _started;
        private int _saved;
        private int _finished;

        public SaveProgress(PSCmdlet cmdlet, int activityId, string activity, string done = "saved")
        {
            _progress = new ThrottledProgress(cmdlet, activityId, activity);
            _done = done;
        }

        public IDownloadProgress Start()
        {
            _started++;
            return new OneDownload(this);
        }

        public void Saved() => Interlocked.Increment(ref _saved);

        public void Finished() => Interlocked.Increment(ref _finished);

        public void Show()
        {
            if (_started == 0 || !_progress.IsDue) return;
            long expected = Interlocked.Read(ref _expectedBytes);
            long received = Interlocked.Read(ref _receivedBytes);
            string status = string.Format(CultureInfo.CurrentCulture, "{0} of {1} {4}, {2:N1} of {3:N1} MB",
                Volatile.Read(ref _saved), _started, received / 1048576.0, expected / 1048576.0, _done);
            int percent = expected > 0 ? (int)(received * 100 / expected) : Volatile.Read(ref _finished) * 100 / _started;
            _progress.Report(status, percent);
        }

        public void Complete() => _progress.Complete(_started == 0 ? null : string.Format(CultureInfo.CurrentCulture, "{0} of {1} {3}, {2:N1} MB",
            Volatile.Read(ref _saved), _started, Interlocked.Read(ref _receivedBytes) / 1048576.0, _done));

        private sealed class OneDownload(SaveProgress run) : IDownloadProgress
        {
            private long _total;

            public void SetTotal(long totalBytes)
            {
                if (totalBytes < 0) return;
                long previous = Interlocked.Exchange(ref _total, totalBytes);
                Interlocked.Add(ref run._expectedBytes, totalBytes - previous);
            }

            public void Add(long bytes) => Interlocked.Add(ref run._receivedBytes, bytes);
        }
    }
}
