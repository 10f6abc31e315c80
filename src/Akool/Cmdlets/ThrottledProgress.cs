using System;
using System.Diagnostics;
using System.Management.Automation;

namespace Akool
{
    /// <summary>
    /// One progress bar for one cmdlet invocation: a single activity id, at most four updates a second (the
    /// host redraws on each, which costs more than the work on a fast batch), and always a Completed record.
    /// Call only on the pipeline thread.
    /// </summary>
    internal sealed class ThrottledProgress
    {
        /// <summary>The shortest gap between two updates; also how often a blocking wait wakes to redraw a bar.</summary>
        public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(250);

        private readonly Cmdlet _cmdlet;
        private readonly int _activityId;
        private readonly string _activity;
        private readonly Stopwatch _sinceLast = new Stopwatch();
        private bool _shown;

        public ThrottledProgress(Cmdlet cmdlet, int activityId, string activity)
        {
            _cmdlet = cmdlet;
            _activityId = activityId;
            _activity = activity;
        }

        /// <summary>True when an update would be shown now; lets callers skip building the status text.</summary>
        public bool IsDue => !_shown || _sinceLast.Elapsed >= Every;

        /// <summary>Shows <paramref name="status"/> unless an update was shown very recently.</summary>
        public void Report(string status, int percentComplete)
        {
            if (!IsDue) return;
            var record = new ProgressRecord(_activityId, _activity, status)
            {
                PercentComplete = Math.Max(0, Math.Min(100, percentComplete)),
            };
            _cmdlet.WriteProgress(record);
            _shown = true;
            _sinceLast.Restart();
        }

        /// <summary>Closes the bar, if it was ever shown.</summary>
        public void Complete()
        {
            if (!_shown) return;
            _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
            _shown = false;
        }
    }
}
