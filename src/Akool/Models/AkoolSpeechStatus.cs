namespace Akool
{
    /// <summary>The <c>status</c> of an Akool text-to-speech job. Completed and Failed are final.</summary>
    public enum AkoolSpeechStatus
    {
        /// <summary>Not read from Akool yet.</summary>
        Unknown = 0,

        /// <summary>Waiting in Akool's queue.</summary>
        Queueing = 1,

        /// <summary>Being spoken.</summary>
        Processing = 2,

        /// <summary>Done; <see cref="AkoolSpeech.Url"/> holds the MP3.</summary>
        Completed = 3,

        /// <summary>Akool could not make the speech.</summary>
        Failed = 4,
    }
}
