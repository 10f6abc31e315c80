namespace Akool.Completion
{
    /// <summary>The speeches this process has created or saved, for Tab completion of Save-AkoolSpeech -Id.</summary>
    internal static class SeenSpeeches
    {
        internal static readonly SeenIds Ids = new SeenIds();

        public static void Remember(AkoolSpeech speech) => Ids.Remember(speech.Id, speech.Name);
    }
}
