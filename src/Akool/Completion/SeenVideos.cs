namespace Akool.Completion
{
    /// <summary>The videos this process has created or read, for Tab completion of the video cmdlets' -Id.</summary>
    internal static class SeenVideos
    {
        internal static readonly SeenIds Ids = new SeenIds();

        public static void Remember(AkoolVideo video) => Ids.Remember(video.Id, video.Name);
    }
}
