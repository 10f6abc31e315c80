using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Threading.Tasks;
using Akool.Client;

namespace Akool.Journal
{
    internal enum JournalVerdict
    {
        Send,
        Made,
        InDoubt,
    }

    internal sealed class BilledCreate(string thing, JournalState submitting, JournalState created, JournalState refused, JournalState unknown)
    {
        public static readonly BilledCreate Video = new BilledCreate("video", JournalState.Submitting, JournalState.Created, JournalState.Rejected, JournalState.Unknown);

        public static readonly BilledCreate Speech = new BilledCreate("speech", JournalState.SpeechSubmitting, JournalState.SpeechCreated, JournalState.SpeechFailed, JournalState.SpeechUnknown);

        // A text row's lines go speech first, then video: a video line means its speech was made.
        public JournalVerdict Decide(JournalEntry? earlier)
        {
            if (earlier == null) return JournalVerdict.Send;
            bool speechLine = earlier.State >= JournalState.SpeechSubmitting;
            if (speechLine != (this == Speech)) return speechLine ? JournalVerdict.Send : JournalVerdict.Made;
            if (earlier.State == refused) return JournalVerdict.Send;
            bool made = earlier.State == created || earlier.State == JournalState.SpeechCompleted;
            return made && earlier.Id != null ? JournalVerdict.Made : JournalVerdict.InDoubt;
        }

        public async Task<(T? Made, Exception? Error, bool NotSent, string? JournalProblem)> SendAsync<T>(RowJournal journal, string subject, Func<Action<string>, Task<T>> send, Func<T, string> idOf, Action<string> warn)
            where T : class
        {
            try
            {
                journal.Write(submitting);
            }
            catch (Exception ex)
            {
                // Without the write-ahead line a crash could lead to paying twice: do not send.
                return (null, ex, true, null);
            }

            // Each answer that meant "not processed" (HTTP 429 or 503, code 1005) and made the client send the create
            // again. Such a repeat is right by HTTP's rules, but a gateway that breaks them could have billed the first
            // request: every repeat is told (one line: a throttled batch repeats often) and journaled. The client
            // repeats one create at a time.
            var repeats = new ConcurrentQueue<string>();
            void OnRepeat(string reason)
            {
                repeats.Enqueue(reason);
                warn(string.Format(CultureInfo.InvariantCulture,
                    "{0}: the {1} create is being sent again (repeat {2}) after \"{3}\", an answer that means it was not processed; if the Akool console shows two for this row, a gateway broke that rule.",
                    subject, thing, repeats.Count, reason.Replace('\r', ' ').Replace('\n', ' ').TrimEnd('.')));
            }

            T made;
            try
            {
                made = await send(OnRepeat).ConfigureAwait(false);
            }
            catch (AkoolApiException ex) when (ex.Kind != AkoolErrorKind.OutcomeUnknown)
            {
                journal.TryWrite(refused, reason: Reason(ex), repeats: repeats);
                return (null, ex, false, null);
            }
            catch (Exception ex)
            {
                journal.TryWrite(unknown, reason: ex is AkoolApiException api ? Reason(api) : ex is OperationCanceledException ? "cancelled while in flight" : ex.GetType().Name, repeats: repeats);
                Exception doubt = ex is AkoolApiException ? ex : new AkoolApiException(AkoolErrorKind.OutcomeUnknown,
                    $"The {thing} create failed after it may have been sent ({ex.Message}); Akool may or may not have made (and billed) the {thing}.", innerException: ex);
                return (null, doubt, false, null);
            }

            string? problem = journal.TryWrite(created, id: idOf(made), repeats: repeats);
            return (made, null, false, problem);
        }

        private static string Reason(AkoolApiException ex) => ex.AkoolCode?.ToString(CultureInfo.InvariantCulture) ?? ex.Kind.ToString();
    }

    // Without a key (no -JournalPath, or a row re-emitted from the journal) nothing is written.
    internal sealed record RowJournal(BatchJournal? Journal, string? Key, int Row, string? Name, string? PhotoUrl = null, string? AudioUrl = null, string? SpeechId = null)
    {
        public RowJournal WithSpeech(string? speechId, string audioUrl) => this with { SpeechId = speechId, AudioUrl = audioUrl };

        public void Write(JournalState state, string? id = null, string? reason = null, string? audioUrl = null, IReadOnlyCollection<string>? repeats = null)
        {
            if (Journal == null || Key == null) return;
            Journal.Append(new JournalEntry
            {
                Key = Key,
                State = state,
                Id = id,
                Row = Row,
                Name = Name,
                TalkingPhotoUrl = PhotoUrl,
                AudioUrl = audioUrl ?? AudioUrl,
                SpeechId = SpeechId,
                Reason = reason,
                // Absent when the create was sent once, so the line stays short.
                Repeats = repeats?.Count > 0 ? repeats.Count : (int?)null,
                RepeatedAfter = repeats?.Count > 0 ? string.Join(" | ", repeats) : null,
            });
        }

        public string? TryWrite(JournalState state, string? id = null, string? reason = null, string? audioUrl = null, IReadOnlyCollection<string>? repeats = null)
        {
            try
            {
                Write(state, id, reason, audioUrl, repeats);
                return null;
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException || ex is ObjectDisposedException)
            {
                return ex.Message;
            }
        }
    }
}
