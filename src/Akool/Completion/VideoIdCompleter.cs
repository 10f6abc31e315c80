namespace Akool.Completion
{
    /// <summary>Completes the video cmdlets' -Id with the videos this session has created or read.</summary>
    internal sealed class VideoIdCompleter : IdCompleter
    {
        public VideoIdCompleter()
            : base(SeenVideos.Ids)
        {
        }
    }
}
