using System;
using System.Globalization;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Concurrency;
using Akool.Journal;

namespace Akool.Commands.Speech
{
    /// <summary>Writes one journal line for a row's speech: state, speech id, MP3 URL, reason. Throws when it cannot.</summary>
    internal delegate void SpeechJournal(JournalState state, string? speechId, string? url, string? reason);

    /// <summary>Where a speech stands after one step.</summary>
    internal enum SpeechProgressKind
    {
        /// <summary>Spoken: the MP3 is at <see cref="SpeechProgress.Job"/>'s Url.</summary>
        Spoken,
        /// <summary>Not spoken yet: run the next step after <see cref="SpeechProgress.After"/>.</summary>
        Waiting,
        /// <summary>Failed (or could not be followed): report <see cref="SpeechProgress.Error"/> or <see cref="SpeechProgress.Record"/>.</summary>
        Failed,
    }

    /// <summary>The result of one speech step.</summary>
    internal sealed class SpeechProgress
    {
        private SpeechProgress(SpeechProgressKind kind, SpeechJob job)
        {
            Kind = kind;
            Job = job;
        }

        public SpeechProgressKind Kind { get; }

        /// <summary>The speech's new state (the item to run again, or the spoken speech).</summary>
        public SpeechJob Job { get; }

        /// <summary>For Waiting: the pause before the next poll.</summary>
        public TimeSpan After { get; private set; }

        /// <summary>What Akool last said of the speech, when it was read.</summary>
        public SpeechInfo? Info { get; private set; }

        /// <summary>For Failed: an exception for the classifier (a failed call), or null when <see cref="Record"/> is set.</summary>
        public Exception? Error { get; private set; }

        /// <summary>For Failed: a finished error record (a speech Akool could not make, a wait that ran out).</summary>
        public ErrorRecord? Record { get; private set; }

        /// <summary>For Failed: what the journal could not record, when it could not (a warning).</summary>
        public string? JournalProblem { get; private set; }

        public static SpeechProgress Spoken(SpeechJob job, SpeechInfo? info, string? journalProblem) =>
            new SpeechProgress(SpeechProgressKind.Spoken, job) { Info = info, JournalProblem = journalProblem };

        public static SpeechProgress Waiting(SpeechJob job, TimeSpan after, SpeechInfo? info, string? journalProblem) =>
            new SpeechProgress(SpeechProgressKind.Waiting, job) { After = after, Info = info, JournalProblem = journalProblem };

        public static SpeechProgress Failed(SpeechJob job, Exception? error, ErrorRecord? record, SpeechInfo? info = null) =>
            new SpeechProgress(SpeechProgressKind.Failed, job) { Error = error, Record = record, Info = info };
    }

    /// <summary>
    /// A row's speech in steps the background engine runs: the create (billed, so journaled before it is sent and
    /// bounded only by the grace cancellation, like a video create), then polls of the detail until status 3 or 4,
    /// each returned as a step to re-schedule (no slot is held while waiting). Every state is journaled before the
    /// next step starts, so a re-run neither pays for the speech again nor loses it.
    /// </summary>
    internal static class SpeechStep
    {
        /// <summary>How long a speech may take (from this run's first poll) before the row is reported; Akool's is seconds.</summary>
        internal static readonly TimeSpan MaximumWait = TimeSpan.FromMinutes(15);

        /// <summary>Runs the next step of <paramref name="job"/>: the create when it has no id, else one poll.</summary>
        public static Task<SpeechProgress> AdvanceAsync(AkoolClient client, SpeechJob job, string subject, string? name, SpeechJournal journal, WorkContext context) =>
            job.SpeechId == null ? CreateAsync(client, job, subject, name, journal, context) : PollAsync(client, job, subject, name, journal, context);

        /// <summary>The pause before poll number <paramref name="polls"/> + 1: soon at first (a speech takes seconds), then every few seconds.</summary>
        internal static TimeSpan PollDelay(int polls) => TimeSpan.FromSeconds(Math.Min(5, 0.5 + (polls * 0.5)));

        private static async Task<SpeechProgress> CreateAsync(AkoolClient client, SpeechJob job, string subject, string? name, SpeechJournal journal, WorkContext context)
        {
            try
            {
                journal(JournalState.SpeechSubmitting, null, null, null);
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException)
            {
                // Without the write-ahead line a crash could lead to paying twice: do not send.
                return SpeechProgress.Failed(job, null, ErrorClassifier.JournalNotWritten(ex, subject + "'s speech", job.ToSpeech(name)));
            }

            SpeechInfo info;
            try
            {
                // Only the grace cancellation: once sent, the speech may be billed, and its outcome must be journaled.
                info = await client.CreateSpeechAsync(job.Request(), context.Log, context.GraceCancellation).ConfigureAwait(false);
            }
            catch (AkoolApiException ex)
            {
                bool unknown = ex.Kind == AkoolErrorKind.OutcomeUnknown;
                TryJournal(journal, unknown ? JournalState.SpeechUnknown : JournalState.SpeechFailed, null, null,
                    ex.AkoolCode?.ToString(CultureInfo.InvariantCulture) ?? ex.Kind.ToString());
                return SpeechProgress.Failed(job, ex, null);
            }
            catch (Exception ex)
            {
                // Cancelled after the grace period, or anything unforeseen: the request may have gone out.
                TryJournal(journal, JournalState.SpeechUnknown, null, null, ex is OperationCanceledException ? "cancelled while in flight" : ex.GetType().Name);
                var unknown = new AkoolApiException(AkoolErrorKind.OutcomeUnknown,
                    $"The speech create failed after it may have been sent ({ex.Message}); Akool may or may not have made (and billed) the speech.", innerException: ex);
                return SpeechProgress.Failed(job, unknown, null);
            }

            return Settle(job.WithId(info.Id).Polled(DateTimeOffset.UtcNow), info, subject, name, journal, created: true);
        }

        private static async Task<SpeechProgress> PollAsync(AkoolClient client, SpeechJob job, string subject, string? name, SpeechJournal journal, WorkContext context)
        {
            SpeechInfo info;
            try
            {
                info = await client.GetSpeechAsync(job.SpeechId!, context.Log, context.Cancellation).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                // The speech is journaled (SpeechCreated): a re-run with the journal waits on it again, unpaid.
                return SpeechProgress.Failed(job, ex, null);
            }

            return Settle(job.Polled(DateTimeOffset.UtcNow), info, subject, name, journal, created: false);
        }

        /// <summary>Journals what Akool said and decides the next step.</summary>
        private static SpeechProgress Settle(SpeechJob job, SpeechInfo info, string subject, string? name, SpeechJournal journal, bool created)
        {
            switch (info.Status)
            {
                case 3 when info.Url != null:
                {
                    SpeechJob spoken = job.WithUrl(info.Id, info.Url);
                    // The video create must not start before this line: without it a re-run would pay for the speech again.
                    string? problem = TryJournal(journal, JournalState.SpeechCompleted, info.Id, info.Url, null);
                    return SpeechProgress.Spoken(spoken, info, problem);
                }
                case 4:
                {
                    TryJournal(journal, JournalState.SpeechFailed, info.Id, null, info.ErrorReason ?? info.ErrorCode ?? "status 4");
                    AkoolSpeech failed = job.ToSpeech(name, info);
                    string reason = info.ErrorReason == null ? string.Empty : $" ({info.ErrorReason})";
                    return SpeechProgress.Failed(job, null, ErrorClassifier.Create(ErrorIds.SpeechFailed, ErrorCategory.InvalidResult, failed,
                        $"{subject}: Akool could not make the speech {info.Id}{reason}; no video was created for the row.",
                        "Check the row's text and voice, then run the batch again (with -JournalPath only this row is sent again)."), info);
                }
                default:
                {
                    // Status 1 or 2 (or 3 without an MP3 yet, or a status the contract does not list): wait.
                    string? problem = created ? TryJournal(journal, JournalState.SpeechCreated, info.Id, null, null) : null;
                    if (job.WaitingSince.HasValue && DateTimeOffset.UtcNow - job.WaitingSince.Value > MaximumWait)
                    {
                        return SpeechProgress.Failed(job, null, ErrorClassifier.Create(ErrorIds.WaitTimeout, ErrorCategory.OperationTimeout, job.ToSpeech(name, info),
                            $"{subject}: the speech {info.Id} was not spoken within {MaximumWait.TotalMinutes.ToString(CultureInfo.InvariantCulture)} minutes (status {info.Status.ToString(CultureInfo.InvariantCulture)}); no video was created for the row.",
                            "Run the batch again later with the same -JournalPath: it waits on the same speech and does not pay for it again."), info);
                    }

                    return SpeechProgress.Waiting(job, PollDelay(job.Polls), info, problem);
                }
            }
        }

        private static string? TryJournal(SpeechJournal journal, JournalState state, string? speechId, string? url, string? reason)
        {
            try
            {
                journal(state, speechId, url, reason);
                return null;
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException || ex is ObjectDisposedException)
            {
                return ex.Message;
            }
        }
    }
}
