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
    // VoiceId is what was typed for a speech the journal already has; a journaled speech is read again, and its MP3
    // checked, before use.
    internal sealed record SpeechJob(string Text, string VoiceId, string VoiceLabel, string? LanguageCode, TimeSpan MaximumWait, string? JournaledId = null, string? JournaledUrl = null)
    {
        public int Characters => AkoolClient.CountCharacters(Text);

        // The voice as typed, so a re-run finds its journal lines before any voice lookup.
        public static string KeyPart(string text, string voice, string? languageCode) => string.Join("\u001f", text, voice.Trim(), (languageCode ?? string.Empty).Trim());

        public AkoolSpeech ToSpeech(string? name, SpeechInfo? info = null)
        {
            var speech = new AkoolSpeech(JournaledId ?? info?.Id ?? string.Empty, name, Text, VoiceId, VoiceLabel, LanguageCode);
            return info == null ? speech : speech.WithServerState(info);
        }
    }

    internal sealed record SpeechResult(AkoolSpeech Speech, string? Url = null, ErrorRecord? Error = null);

    // Every state is journaled before the next one, so a re-run neither pays for the speech again nor loses it.
    internal static class SpeechStep
    {
        internal const int DefaultTimeoutSeconds = 300;

        // created is told at once of a speech this run made (billed), before it is polled.
        public static async Task<SpeechResult> SpeakAsync(AkoolClient client, SpeechJob job, string subject, string? name, RowJournal journal, bool wait,
            WorkContext context, Action<AkoolSpeech> created, Action<string> warn, Action<string> repeated)
        {
            SpeechInfo? info = null;
            if (job.JournaledId == null)
            {
                var outcome = await BilledCreate.Speech.SendAsync(journal, subject,
                    onRepeat => client.CreateSpeechAsync(new SpeechRequest { InputText = job.Text, VoiceId = job.VoiceId, LanguageCode = job.LanguageCode }, context.Log, context.GraceCancellation, onRepeat),
                    made => made.Id, repeated).ConfigureAwait(false);
                if (outcome.Made == null)
                {
                    AkoolSpeech unmade = job.ToSpeech(name);
                    return new SpeechResult(unmade, Error: outcome.NotSent ? ErrorClassifier.JournalNotWritten(outcome.Error!, subject, unmade) : ErrorClassifier.From(outcome.Error!, subject, unmade));
                }
                info = outcome.Made;
                created(job.ToSpeech(name, info));
                if (outcome.JournalProblem != null) warn(JournalProblem(subject, info.Id, outcome.JournalProblem));
            }

            DateTimeOffset since = DateTimeOffset.UtcNow;
            for (int polls = 0; ; polls++)
            {
                // The create's answer is the first look; a speech from the journal is read at once.
                if (polls > 0 || info == null)
                {
                    if (polls > 0) await context.PauseAsync(PollDelay(polls)).ConfigureAwait(false);
                    try
                    {
                        info = await client.GetSpeechAsync(job.JournaledId ?? info!.Id, context.Log, context.Cancellation).ConfigureAwait(false);
                    }
                    catch (AkoolApiException ex) when (ex.Kind == AkoolErrorKind.NotFound && job.JournaledId != null)
                    {
                        return Expired(job, subject, name, journal, info, "Akool no longer knows it");
                    }
                    catch (Exception ex) when (!(ex is OperationCanceledException))
                    {
                        // The speech is journaled (SpeechCreated): a re-run with the journal waits on it again, unpaid.
                        return new SpeechResult(job.ToSpeech(name, info), Error: ErrorClassifier.From(ex, subject, job.ToSpeech(name, info)));
                    }
                }

                AkoolSpeech speech = job.ToSpeech(name, info);
                if (info.Status == 3 && info.Url != null)
                {
                    // Only an absolute http(s) URL may go on into a billed video create (Akool fetches it; anything else
                    // is a broken or hostile answer).
                    if (!Uri.TryCreate(info.Url, UriKind.Absolute, out Uri? url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                    {
                        return new SpeechResult(speech, Error: ErrorClassifier.Create(ErrorIds.InvalidResponse, ErrorCategory.InvalidResult, speech,
                            $"{subject}: Akool gave speech {info.Id} the MP3 location '{DisplayText.Escape(info.Url)}', which is not an absolute http(s) URL; nothing was created from it.",
                            "Check -BaseUri (or AKOOL_API_HOST) and any proxy between here and Akool; the speech is kept (with -JournalPath a re-run reads it again, unpaid)."));
                    }
                    if (job.JournaledId != null)
                    {
                        bool served;
                        try
                        {
                            served = await client.IsServedAsync(url, context.Cancellation).ConfigureAwait(false);
                        }
                        catch (Exception ex) when (!(ex is OperationCanceledException && context.Cancellation.IsCancellationRequested))
                        {
                            return new SpeechResult(speech, Error: ErrorClassifier.From(ex, subject, speech));
                        }
                        if (!served) return Expired(job, subject, name, journal, info, "its MP3 is no longer served");
                    }

                    // The video create must not start before this line: without it a re-run would pay for the speech again.
                    string? problem = info.Url == job.JournaledUrl ? null : journal.TryWrite(JournalState.SpeechCompleted, info.Id, audioUrl: info.Url);
                    if (problem != null) warn(JournalProblem(subject, info.Id, problem));
                    return new SpeechResult(speech, info.Url);
                }

                if (info.Status == 4)
                {
                    journal.TryWrite(JournalState.SpeechFailed, info.Id, info.ErrorReason ?? info.ErrorCode ?? "status 4");
                    string reason = info.ErrorReason == null ? string.Empty : $" ({info.ErrorReason})";
                    return new SpeechResult(speech, Error: ErrorClassifier.Create(ErrorIds.SpeechFailed, ErrorCategory.InvalidResult, speech,
                        $"{subject}: Akool could not make the speech {info.Id}{reason}.",
                        "Check the text and its voice, then run it again (with -JournalPath only this one is sent again)."));
                }

                // Status 1 or 2 (or 3 without an MP3 yet, or a status the contract does not list): wait, if asked to.
                if (!wait) return new SpeechResult(speech);
                if (DateTimeOffset.UtcNow - since > job.MaximumWait)
                {
                    return new SpeechResult(speech, Error: ErrorClassifier.Create(ErrorIds.WaitTimeout, ErrorCategory.OperationTimeout, speech,
                        string.Format(CultureInfo.InvariantCulture, "{0}: the speech {1} was not spoken within {2:0.###} seconds (status {3}).", subject, info.Id, job.MaximumWait.TotalSeconds, info.Status),
                        "Raise -SpeechTimeoutSec, or run again later with the same -JournalPath: it waits on the same speech and does not pay for it again."));
                }
            }
        }

        // A time seam: the tests lower it so that the emulator's sub-second speeches are not waited on at the production pace.
        internal static TimeSpan FirstPollDelay { get; set; } = TimeSpan.FromMilliseconds(200);

        // Soon at first (a speech takes seconds), then growing to every five seconds.
        internal static TimeSpan PollDelay(int polls) => TimeSpan.FromMilliseconds(Math.Min(5000, FirstPollDelay.TotalMilliseconds * Math.Pow(1.6, polls)));

        private static string JournalProblem(string subject, string id, string problem) =>
            $"{subject}: speech {id}: the journal could not record it ({problem}); keep this id.";

        // Journaled as failed so that the next run speaks the text anew instead of making a video of a dead URL.
        private static SpeechResult Expired(SpeechJob job, string subject, string? name, RowJournal journal, SpeechInfo? info, string why)
        {
            journal.TryWrite(JournalState.SpeechFailed, job.JournaledId, "expired");
            AkoolSpeech speech = job.ToSpeech(name, info);
            return new SpeechResult(speech, Error: ErrorClassifier.Create(ErrorIds.SpeechExpired, ErrorCategory.ResourceUnavailable, speech,
                $"{subject}: speech {job.JournaledId} from an earlier run can no longer be used ({why}; Akool keeps results for days, not forever); nothing was created from it.",
                "Run it again with the same -JournalPath: the text is spoken anew (and billed again)."));
        }
    }
}
