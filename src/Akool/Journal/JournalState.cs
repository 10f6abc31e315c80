namespace Akool.Journal
{
    internal enum JournalState
    {
        Submitting,
        Created,
        Rejected,
        Unknown,
        SpeechSubmitting,
        SpeechCreated,
        SpeechCompleted,
        SpeechFailed,
        SpeechUnknown,
        // A local file is in the upload container: the key is its blob URL without a SAS (never a row's key).
        Uploaded,
    }
}
