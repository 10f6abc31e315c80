using System;
using System.Diagnostics;
using System.Management.Automation;

namespace Akool
{
    // At most four updates a second: the host redraws on each, which costs more than the work on a fast batch.
    internal sealed class ThrottledProgress
    {
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

        public bool IsDue => !_shown || _sinceLast.Elapsed >= Every;

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

        public void Complete()
        {
            if (!_shown) return;
            _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
            _shown = false;
        }
    }
}
