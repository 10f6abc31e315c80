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
    /// <summary>
    /// One row's speech, decided on the pipeline thread and never changed: what to say (<c>input_text</c>); the voice's
    /// <c>voice_id</c> (what was typed, for a speech the journal already has) and its label for messages (its name
    /// when known); <c>language_code</c> or null; how long it may take from this run's first look; and, for a speech an
    /// earlier run created, the journal's id (it is read again, and its MP3 checked, before use) and MP3 URL.
    /// </summary>
    internal sealed record SpeechJob(string Text, string VoiceId, string VoiceLabel, string? LanguageCode, TimeSpan MaximumWait, string? JournaledId = null, string? JournaledUrl = null)
    {
        /// <summary>The characters the speech bills.</summary>
        public int Characters => AkoolClient.CountCharacters(Text);

        /// <summary>What a journal key is made of: the text, the voice as typed, the language (so a re-run finds its lines before any voice lookup).</summary>
        public static string KeyPart(string text, string voice, string? languageCode) => string.Join("\u001f", text, voice.Trim(), (languageCode ?? string.Empty).Trim());

        /// <summary>The speech as users see it (the target of its errors, the output of New-AkoolSpeech).</summary>
        public AkoolSpeech ToSpeech(string? name, SpeechInfo? info = null)
        {
            var speech = new AkoolSpeech(JournaledId ?? info?.Id ?? string.Empty, name, Text, VoiceId, VoiceLabel, LanguageCode);
            return info == null ? speech : speech.WithServerState(info);
        }
    }

    /// <summary>Where a speech ended: spoken (the MP3's <paramref name="Url"/>), left unspoken (without -Wait), or failed (<paramref name="Error"/>); <paramref name="Speech"/> as Akool last described it.</summary>
    internal sealed record SpeechResult(AkoolSpeech Speech, string? Url = null, ErrorRecord? Error = null);

    /// <summary>
    /// A row's speech, inside its worker: the create (a <see cref="BilledCreate"/>, like a video's), then polls of the
    /// detail until status 3 or 4, pausing between them without holding a slot. Every state is journaled before the
    /// next one, so a re-run neither pays for the speech again nor loses it; a speech the journal says is spoken is
    /// read again, and its MP3 checked, before a video uses it.
    /// </summary>
    internal static class SpeechStep
    {
        /// <summary>The default of -SpeechTimeoutSec: how long a speech may take before its row is reported (Akool's take seconds).</summary>
        internal const int DefaultTimeoutSeconds = 300;

        /// <summary>
        /// Creates the speech unless the journal has it, then polls until it is spoken or failed (only its first
        /// answer without <paramref name="wait"/>). <paramref name="created"/> is told at once of a speech this run
        /// made (billed), before it is polled; <paramref name="repeated"/> of each time its create is sent again.
        /// </summary>
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

        /// <summary>
        /// The pause before poll number <paramref name="polls"/> + 1: soon at first (a speech takes seconds), then
        /// growing to every five seconds.
        /// </summary>
        internal static TimeSpan PollDelay(int polls) => TimeSpan.FromMilliseconds(Math.Min(5000, 200 * Math.Pow(1.6, polls)));

        private static string JournalProblem(string subject, string id, string problem) =>
            $"{subject}: speech {id}: the journal could not record it ({problem}); keep this id.";

        /// <summary>
        /// A speech from an earlier run that can no longer be used: reported, and journaled as failed so that the next
        /// run speaks the text anew (billed again) instead of making a video of a dead URL.
        /// </summary>
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
