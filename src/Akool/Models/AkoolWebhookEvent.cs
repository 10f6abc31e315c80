using System;

namespace Akool
{
    /// <summary>One verified and decrypted Akool webhook callback.</summary>
    public sealed class AkoolWebhookEvent
    {
        private Action? _markHandled;

        internal AkoolWebhookEvent(string id, AkoolVideoStatus status, string? type, string? url, decimal? deductionCredit, DateTimeOffset timestamp, string nonce)
        {
            Id = id;
            Status = status;
            Type = type;
            Url = url;
            DeductionCredit = deductionCredit;
            Timestamp = timestamp;
            Nonce = nonce;
        }

        /// <summary>Akool's <c>_id</c> of the video the callback is about.</summary>
        public string Id { get; }

        /// <summary>The video's status: Processing, Completed or Failed (Unknown for a status Akool does not document).</summary>
        public AkoolVideoStatus Status { get; }

        /// <summary>Akool's product name, for example "talking photo".</summary>
        public string? Type { get; }

        /// <summary>The video's URL once Completed (valid for 7 days); otherwise null.</summary>
        public string? Url { get; }

        /// <summary>The credits Akool charged, when it says.</summary>
        public decimal? DeductionCredit { get; }

        /// <summary>When Akool sent the callback (from its signed timestamp), in UTC.</summary>
        public DateTimeOffset Timestamp { get; }

        /// <summary>The callback's nonce, as signed.</summary>
        public string Nonce { get; }

        /// <summary>Records that the receiver has acted on this event, so ConvertFrom-AkoolWebhook ignores it when it comes again (Akool's next delivery, or a replay), in its -SeenIds store or else in this process's memory.</summary>
        public void MarkHandled() => _markHandled?.Invoke();

        internal AkoolWebhookEvent RecordsInto(Action markHandled)
        {
            _markHandled = markHandled;
            return this;
        }

        /// <summary>The video id, so an event used as a string is the video's handle.</summary>
        public override string ToString() => Id;
    }
}
