using System;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;

namespace Akool
{
    // At most four updates a second: the host redraws on each, which costs more than the work on a fast batch.
    internal sealed class ThrottledProgress(PSCmdlet cmdlet, int activityId, string activity)
    {
        public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(250);

        private static readonly string[] HostTag = { "PSHOST" };
        private readonly Stopwatch _sinceLast = new Stopwatch();
        private readonly Stopwatch _running = Stopwatch.StartNew();
        private bool _shown;

        public bool IsDue => !_shown || _sinceLast.Elapsed >= Every;

        // Short, for a status line: "45s", "2m 10s", "1h 05m".
        public string Elapsed
        {
            get
            {
                TimeSpan t = _running.Elapsed;
                return string.Format(CultureInfo.InvariantCulture, t.TotalHours >= 1 ? "{0}h {2:00}m" : t.TotalMinutes >= 1 ? "{1}m {3:00}s" : "{3}s",
                    (int)t.TotalHours, (int)t.TotalMinutes, t.Minutes, t.Seconds);
            }
        }

        // now: at once, so the bar never contradicts what was just printed.
        public void Report(string status, int percentComplete, bool now = false)
        {
            if (!now && !IsDue) return;
            var record = new ProgressRecord(activityId, activity, status)
            {
                PercentComplete = Math.Max(0, Math.Min(100, percentComplete)),
            };
            cmdlet.WriteProgress(record);
            _shown = true;
            _sinceLast.Restart();
        }

        public void Complete(string? summary = null)
        {
            if (_shown) cmdlet.WriteProgress(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
            _shown = false;
            if (summary == null) return;
            string line = summary + ", in " + Elapsed + ".";
            // Shown like Write-Host (information tagged PSHOST), so a user at the prompt sees how the run ended without
            // -Verbose, while `$x = ...` and pipes still get only the objects (6>$null silences it). Only the last command
            // of a pipeline shows it: one further up would print it in the middle of the next command's table, and the
            // last one (Save-AkoolVideo in the one-liner) ends with its own line; there it is verbose.
            if (cmdlet.MyInvocation.PipelinePosition >= cmdlet.MyInvocation.PipelineLength) cmdlet.WriteInformation(line, HostTag);
            else cmdlet.WriteVerbose(line);
        }
    }
}
