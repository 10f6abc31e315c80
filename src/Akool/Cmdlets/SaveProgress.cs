using System.Globalization;
using System.Management.Automation;
using System.Threading;
using Akool.Client;

namespace Akool
{
    /// <summary>
    /// The progress bar of one Save-AkoolVideo or Save-AkoolSpeech run: "N of M saved, x of y MB", by bytes once the
    /// downloads' lengths are known, else by downloads finished. Counts only the downloads started (a file kept by
    /// -SkipExisting is not one). <see cref="Start"/>, <see cref="Show"/> and <see cref="Complete"/> run on the
    /// pipeline thread; <see cref="Saved"/>, <see cref="Finished"/> and the byte counts on any thread.
    /// </summary>
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

        /// <summary>One more download; returns the sink its bytes are counted into.</summary>
        public IDownloadProgress Start()
        {
            _started++;
            return new OneDownload(this);
        }

        /// <summary>A download finished with its file in place.</summary>
        public void Saved() => Interlocked.Increment(ref _saved);

        /// <summary>A download finished, saved or not.</summary>
        public void Finished() => Interlocked.Increment(ref _finished);

        /// <summary>Updates the bar, at most a few times a second; nothing before the first download starts.</summary>
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

        /// <summary>Closes the bar, if it was shown, and says in one line what the run saved (nothing when it downloaded nothing).</summary>
        public void Complete() => _progress.Complete(_started == 0 ? null : string.Format(CultureInfo.CurrentCulture, "{0} of {1} {3}, {2:N1} MB",
            Volatile.Read(ref _saved), _started, Interlocked.Read(ref _receivedBytes) / 1048576.0, _done));

        /// <summary>One download's byte counts, added into the run's totals.</summary>
        private sealed class OneDownload : IDownloadProgress
        {
            private readonly SaveProgress _run;
            private long _total;

            public OneDownload(SaveProgress run) => _run = run;

            public void SetTotal(long totalBytes)
            {
                if (totalBytes < 0) return;
                long previous = Interlocked.Exchange(ref _total, totalBytes);
                Interlocked.Add(ref _run._expectedBytes, totalBytes - previous);
            }

            public void Add(long bytes) => Interlocked.Add(ref _run._receivedBytes, bytes);
        }
    }
}
