namespace Akool.Completion
{
    /// <summary>Completes Save-AkoolSpeech -Id with the speeches this session has created or saved.</summary>
    internal sealed class SpeechIdCompleter : IdCompleter
    {
        public SpeechIdCompleter()
            : base(SeenSpeeches.Ids)
        {
        }
    }
}
