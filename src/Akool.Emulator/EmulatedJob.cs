using System;

namespace Akool.Emulator
{
    /// <summary>One talking-photo job the emulator accepted (and billed).</summary>
    public sealed class EmulatedJob
    {
        private readonly EmulatorClock _clock;

        internal EmulatedJob(
            string id,
            string talkingPhotoUrl,
            string audioUrl,
            string? webhookUrl,
            string? resolution,
            string? prompt,
            DateTimeOffset createdAt,
            TimeSpan queueTime,
            TimeSpan processingTime,
            bool fails,
            bool expired,
            decimal deductionCredit,
            EmulatorClock clock,
            string? failReason = null)
        {
            FailReason = failReason;
            Id = id;
            TalkingPhotoUrl = talkingPhotoUrl;
            AudioUrl = audioUrl;
            WebhookUrl = webhookUrl;
            Resolution = resolution;
            Prompt = prompt;
            CreatedAt = createdAt;
            QueueTime = queueTime;
            ProcessingTime = processingTime;
            Fails = fails;
            Expired = expired;
            DeductionCredit = deductionCredit;
            _clock = clock;
        }

        /// <summary>The job's <c>_id</c>: 24 lower-case hex digits, shaped like a MongoDB ObjectId.</summary>
        public string Id { get; }

        /// <summary>The <c>talking_photo_url</c> the create carried.</summary>
        public string TalkingPhotoUrl { get; }

        /// <summary>The <c>audio_url</c> the create carried.</summary>
        public string AudioUrl { get; }

        /// <summary>The <c>webhookUrl</c> the create carried, if any.</summary>
        public string? WebhookUrl { get; }

        /// <summary>The <c>resolution</c> the create carried ("720" or "1080"), if any.</summary>
        public string? Resolution { get; }

        /// <summary>The <c>prompt</c> the create carried, if any.</summary>
        public string? Prompt { get; }

        /// <summary>When the job was created, by <see cref="EmulatorClock"/> (its <c>create_time</c>).</summary>
        public DateTimeOffset CreatedAt { get; }

        /// <summary>How long the job stays queueing (status 1), captured from the options at creation.</summary>
        public TimeSpan QueueTime { get; }

        /// <summary>How long the job then stays processing (status 2), captured from the options at creation.</summary>
        public TimeSpan ProcessingTime { get; }

        /// <summary>True when the photo URL carried the fail marker, or its inputs were unusable: the job ends in status 4.</summary>
        public bool Fails { get; }

        /// <summary>Why the job fails, when its inputs are not an image and an audio file (<see cref="EmulatorOptions.FetchInputs"/>).</summary>
        public string? FailReason { get; }

        /// <summary>True when the photo URL carried the expired marker: the video URL answers 404.</summary>
        public bool Expired { get; }

        /// <summary>The credit the create deducted.</summary>
        public decimal DeductionCredit { get; }

        /// <summary>When the job reaches its final status (3 or 4).</summary>
        public DateTimeOffset CompletesAt => CreatedAt + QueueTime + ProcessingTime;

        /// <summary>The <c>video_status</c> now, by <see cref="EmulatorClock"/>: 1 queueing, 2 processing, 3 completed, 4 failed.</summary>
        public int Status => StatusAt(_clock.Now);

        /// <summary>The <c>video_status</c> at <paramref name="time"/>.</summary>
        /// <param name="time">An emulator time.</param>
        /// <returns>1, 2, 3 or 4.</returns>
        public int StatusAt(DateTimeOffset time) => JobTimeline.StatusAt(CreatedAt, QueueTime, ProcessingTime, Fails, time);
    }
}
