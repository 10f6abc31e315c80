using System;
using System.Globalization;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Concurrency;
using Akool.Errors;
using Akool.Journal;
using Akool.Models;

namespace Akool.Commands.Speech
{
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
        private SpeechProgress(SpeechProgressKind kind, SpeechJob job, SpeechInfo? info)
        {
            Kind = kind;
            Job = job;
            Info = info;
        }

        public SpeechProgressKind Kind { get; }

        /// <summary>The speech's new state (the item to run again, or the spoken speech).</summary>
        public SpeechJob Job { get; }

        /// <summary>What Akool last said of the speech, when it was read.</summary>
        public SpeechInfo? Info { get; }

        /// <summary>For Waiting: the pause before the next poll.</summary>
        public TimeSpan After { get; private set; }

        /// <summary>For Failed: an exception for the classifier (a failed call), or null when <see cref="Record"/> is set.</summary>
        public Exception? Error { get; private set; }

        /// <summary>For Failed: a finished error record (a speech Akool could not make, a wait that ran out).</summary>
        public ErrorRecord? Record { get; private set; }

        /// <summary>What the journal could not record, when it could not (a warning).</summary>
        public string? JournalProblem { get; private set; }

        /// <summary>True when this step created the speech (and billed it).</summary>
        public bool Created { get; private set; }

        public static SpeechProgress Spoken(SpeechJob job, SpeechInfo info, string? journalProblem) =>
            new SpeechProgress(SpeechProgressKind.Spoken, job, info) { JournalProblem = journalProblem };

        public static SpeechProgress Waiting(SpeechJob job, TimeSpan after, SpeechInfo info) =>
            new SpeechProgress(SpeechProgressKind.Waiting, job, info) { After = after };

        public static SpeechProgress Failed(SpeechJob job, Exception? error, ErrorRecord? record, SpeechInfo? info = null) =>
            new SpeechProgress(SpeechProgressKind.Failed, job, info) { Error = error, Record = record };

        /// <summary>This step's create, and what the journal could not record of it.</summary>
        public SpeechProgress AfterCreate(string? journalProblem)
        {
            Created = true;
            JournalProblem ??= journalProblem;
            return this;
        }
    }

    /// <summary>
    /// A row's speech in steps the background engine runs: the create (a <see cref="BilledCreate"/>, like a video's),
    /// then polls of the detail until status 3 or 4, each returned as a step to re-schedule (no slot is held while
    /// waiting). Every state is journaled before the next step starts, so a re-run neither pays for the speech again
    /// nor loses it; a speech the journal says is spoken is read again, and its MP3 checked, before a video uses it.
    /// </summary>
    internal static class SpeechStep
    {
        /// <summary>The default of -SpeechTimeoutSec: how long a speech may take before its row is reported (Akool's take seconds).</summary>
        internal const int DefaultTimeoutSeconds = 300;

        /// <summary>Runs the next step of <paramref name="job"/>: the create when it has no id, else one poll.</summary>
        public static async Task<SpeechProgress> AdvanceAsync(AkoolClient client, SpeechJob job, string subject, string? name, RowJournal journal, WorkContext context, Action<string> warn)
        {
            if (job.SpeechId != null) return await PollAsync(client, job, subject, name, journal, context).ConfigureAwait(false);

            var outcome = await BilledCreate.Speech.SendAsync(journal, subject,
                onRepeat => client.CreateSpeechAsync(job.Request(), context.Log, context.GraceCancellation, onRepeat), info => info.Id, warn).ConfigureAwait(false);
            if (outcome.Made == null)
            {
                return SpeechProgress.Failed(job, outcome.NotSent ? null : outcome.Error,
                    outcome.NotSent ? ErrorClassifier.JournalNotWritten(outcome.Error!, subject, job.ToSpeech(name)) : null);
            }
            SpeechInfo made = outcome.Made;
            return (await SettleAsync(client, job.WithId(made.Id).Polled(DateTimeOffset.UtcNow), made, subject, name, journal, context).ConfigureAwait(false))
                .AfterCreate(outcome.JournalProblem);
        }

        /// <summary>
        /// The pause before poll number <paramref name="polls"/> + 1: soon at first (a speech takes seconds), then
        /// growing to every five seconds.
        /// </summary>
        internal static TimeSpan PollDelay(int polls) => TimeSpan.FromMilliseconds(Math.Min(5000, 200 * Math.Pow(1.6, polls)));

        private static async Task<SpeechProgress> PollAsync(AkoolClient client, SpeechJob job, string subject, string? name, RowJournal journal, WorkContext context)
        {
            SpeechInfo info;
            try
            {
                info = await client.GetSpeechAsync(job.SpeechId!, context.Log, context.Cancellation).ConfigureAwait(false);
            }
            catch (AkoolApiException ex) when (ex.Kind == AkoolErrorKind.NotFound && job.FromJournal)
            {
                return Expired(job, subject, name, journal, null, "Akool no longer knows it");
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                // The speech is journaled (SpeechCreated): a re-run with the journal waits on it again, unpaid.
                return SpeechProgress.Failed(job, ex, null);
            }

            return await SettleAsync(client, job.Polled(DateTimeOffset.UtcNow), info, subject, name, journal, context).ConfigureAwait(false);
        }

        /// <summary>Journals what Akool said and decides the next step.</summary>
        private static async Task<SpeechProgress> SettleAsync(AkoolClient client, SpeechJob job, SpeechInfo info, string subject, string? name, RowJournal journal, WorkContext context)
        {
            if (info.Status == 3 && info.Url != null)
            {
                // Only an absolute http(s) URL may go on into a billed video create (Akool fetches it; anything else
                // is a broken or hostile answer).
                if (!Uri.TryCreate(info.Url, UriKind.Absolute, out Uri? url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                {
                    return SpeechProgress.Failed(job, null, ErrorClassifier.Create(ErrorIds.InvalidResponse, ErrorCategory.InvalidResult, job.ToSpeech(name),
                        $"{subject}: Akool gave speech {info.Id} the MP3 location '{DisplayText.Escape(info.Url)}', which is not an absolute http(s) URL; nothing was created from it.",
                        "Check -BaseUri (or AKOOL_API_HOST) and any proxy between here and Akool; the speech is kept (with -JournalPath a re-run reads it again, unpaid)."), info);
                }
                if (job.FromJournal)
                {
                    bool served;
                    try
                    {
                        served = await client.IsServedAsync(url, context.Cancellation).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException && context.Cancellation.IsCancellationRequested))
                    {
                        return SpeechProgress.Failed(job, ex, null, info);
                    }
                    if (!served) return Expired(job, subject, name, journal, info, "its MP3 is no longer served");
                }

                // The video create must not start before this line: without it a re-run would pay for the speech again.
                string? problem = info.Url == job.Url ? null : journal.TryWrite(JournalState.SpeechCompleted, info.Id, audioUrl: info.Url);
                return SpeechProgress.Spoken(job.WithUrl(info.Id, info.Url), info, problem);
            }

            if (info.Status == 4)
            {
                journal.TryWrite(JournalState.SpeechFailed, info.Id, info.ErrorReason ?? info.ErrorCode ?? "status 4");
                string reason = info.ErrorReason == null ? string.Empty : $" ({info.ErrorReason})";
                return SpeechProgress.Failed(job, null, ErrorClassifier.Create(ErrorIds.SpeechFailed, ErrorCategory.InvalidResult, job.ToSpeech(name, info),
                    $"{subject}: Akool could not make the speech {info.Id}{reason}.",
                    "Check the text and its voice, then run it again (with -JournalPath only this one is sent again)."), info);
            }

            // Status 1 or 2 (or 3 without an MP3 yet, or a status the contract does not list): wait.
            if (job.WaitingSince.HasValue && DateTimeOffset.UtcNow - job.WaitingSince.Value > job.MaximumWait)
            {
                return SpeechProgress.Failed(job, null, ErrorClassifier.Create(ErrorIds.WaitTimeout, ErrorCategory.OperationTimeout, job.ToSpeech(name, info),
                    string.Format(CultureInfo.InvariantCulture, "{0}: the speech {1} was not spoken within {2:0.###} seconds (status {3}).", subject, info.Id, job.MaximumWait.TotalSeconds, info.Status),
                    "Raise -SpeechTimeoutSec, or run again later with the same -JournalPath: it waits on the same speech and does not pay for it again."), info);
            }
            return SpeechProgress.Waiting(job, PollDelay(job.Polls), info);
        }

        /// <summary>
        /// A speech from an earlier run that can no longer be used: reported, and journaled as failed so that the next
        /// run speaks the text anew (billed again) instead of making a video of a dead URL.
        /// </summary>
        private static SpeechProgress Expired(SpeechJob job, string subject, string? name, RowJournal journal, SpeechInfo? info, string why)
        {
            journal.TryWrite(JournalState.SpeechFailed, job.SpeechId, "expired");
            return SpeechProgress.Failed(job, null, ErrorClassifier.Create(ErrorIds.SpeechExpired, ErrorCategory.ResourceUnavailable, job.ToSpeech(name, info),
                $"{subject}: speech {job.SpeechId} from an earlier run can no longer be used ({why}; Akool keeps results for days, not forever); nothing was created from it.",
                "Run it again with the same -JournalPath: the text is spoken anew (and billed again)."), info);
        }
    }
}
