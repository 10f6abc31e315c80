namespace Akool
{
    /// <summary>Akool's <c>video_status</c>. Completed and Failed are final.</summary>
    public enum AkoolVideoStatus
    {
        /// <summary>Not read from Akool yet (for example, an id typed by hand).</summary>
        Unknown = 0,
        /// <summary>Waiting in Akool's queue.</summary>
        Queueing = 1,
        /// <summary>Being generated.</summary>
        Processing = 2,
        /// <summary>Done; <see cref="AkoolVideo.VideoUrl"/> holds the result for 7 days.</summary>
        Completed = 3,
        /// <summary>Akool could not make the video.</summary>
        Failed = 4,
    }
}
