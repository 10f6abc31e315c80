using System.Collections.Generic;
using System.Management.Automation;
using Akool.Completion;
using Akool.Input;

namespace Akool
{
    /// <summary>The base of the cmdlets that act on existing videos (Get, Wait, Save).</summary>
    public abstract class VideoInputCmdlet : AkoolApiCmdlet
    {
        /// <summary>The parameter set for ids.</summary>
        protected const string IdSet = "Id";

        /// <summary>The parameter set for video objects.</summary>
        protected const string InputObjectSet = "InputObject";

        /// <summary>Video ids (Akool's <c>_id</c>).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("_id", "VideoId", "video_model_id")]
        [ArgumentCompleter(typeof(VideoIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Id { get; set; }

        /// <summary>The Name to carry onto videos given by id (Import-Csv rows bring it along by property name).</summary>
        [Parameter(ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [AllowNull]
        public string? Name { get; set; }

        /// <summary>Videos from New-AkoolTalkingPhoto, Get-AkoolVideo or Wait-AkoolVideo.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public AkoolVideo[]? InputObject { get; set; }

        // Each piped object as it came. Id is the default set (typed alone, the cmdlet prompts for an id), so
        // PowerShell binds a piped video to Id by its property; this keeps the video itself, so its status and URL are
        // used as they are instead of being read again.
        /// <summary>Not for typing: each piped object as it came.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? PipedObject { get; set; }

        internal IEnumerable<AkoolVideo> CurrentVideos()
        {
            if (ParameterSetName == InputObjectSet)
            {
                foreach (AkoolVideo video in InputObject!)
                {
                    SeenIds.Videos.Remember(video.Id, video.Name);
                    yield return video;
                }
                yield break;
            }

            if (PipedObject?.BaseObject is AkoolVideo piped && Id!.Length == 1 && Id[0] == piped.Id)
            {
                SeenIds.Videos.Remember(piped.Id, piped.Name);
                yield return piped;
                yield break;
            }
            foreach (string id in UsableIds(Id!, "video", "New-AkoolTalkingPhoto")) yield return AkoolVideo.FromId(id, InputRules.Optional(Name));
        }
    }
}
