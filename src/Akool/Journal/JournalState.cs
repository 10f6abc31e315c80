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
        /// <summary>A text row's speech create is about to be sent (the video's states follow once it is spoken).</summary>
        SpeechSubmitting,
        /// <summary>Akool accepted the speech; the entry's id is the speech's <c>_id</c> (wait on it, never create it again).</summary>
        SpeechCreated,
        /// <summary>The speech is spoken; the entry's audio_url is its MP3 (only the video is left to create).</summary>
        SpeechCompleted,
        /// <summary>Akool refused the speech or could not make it; the row may be sent again.</summary>
        SpeechFailed,
        /// <summary>The speech create was sent and its answer was lost: Akool may have made (and billed) it.</summary>
        SpeechUnknown,
        /// <summary>A local file is in the upload container: the key is its blob URL without a SAS (never a row's key).</summary>
        Uploaded,
    }
}
