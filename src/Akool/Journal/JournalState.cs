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
    }
}
