namespace Akool.Journal
{
    /// <summary>What the journal knows about a row.</summary>
    internal enum JournalState
    {
        /// <summary>The create is about to be sent (written before sending, so a crash leaves a trace).</summary>
        Submitting,
        /// <summary>Akool made the video; the entry holds its id.</summary>
        Created,
        /// <summary>Akool definitely did not make a video (it answered with an error code); the row may be sent again.</summary>
        Rejected,
        /// <summary>The create was sent and its answer was lost: Akool may or may not have made the video.</summary>
        Unknown,
    }
}
