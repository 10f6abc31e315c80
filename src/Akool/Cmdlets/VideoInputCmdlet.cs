using System.Collections.Generic;
using System.Management.Automation;
using Akool.Completion;
using Akool.Input;

namespace Akool
{
    /// <summary>
    /// The base of the cmdlets that act on existing videos (Get, Wait, Save). They take the module's own objects
    /// (<c>-InputObject</c>) or ids (<c>-Id</c>, by value or from any object with an Id column, such as an
    /// Import-Csv row of an earlier Export-Csv, or a webhook event), with the row's Name carried along.
    /// </summary>
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

        /// <summary>
        /// Each piped object as it came. Id is the default set, so that the cmdlet typed alone prompts for an id, and
        /// PowerShell binds a piped video there by its Id property; this keeps the video itself, so it is used as it
        /// is (its status and URL) rather than known by its id only and read again. Not for typing.
        /// </summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? PipedObject { get; set; }

        /// <summary>The videos of the current pipeline record; an id that cannot be one is reported once and skipped (<see cref="AkoolApiCmdlet.UsableIds"/>).</summary>
        internal IEnumerable<AkoolVideo> CurrentVideos()
        {
            if (ParameterSetName == InputObjectSet)
            {
                foreach (AkoolVideo video in InputObject!)
                {
                    SeenVideos.Remember(video);
                    yield return video;
                }
                yield break;
            }

            if (PipedObject?.BaseObject is AkoolVideo piped && Id!.Length == 1 && Id[0] == piped.Id)
            {
                SeenVideos.Remember(piped);
                yield return piped;
                yield break;
            }
            foreach (string id in UsableIds(Id!, "video", "New-AkoolTalkingPhoto"))
            {
                yield return AkoolVideo.FromId(id, InputRules.Optional(Name));
            }
        }
    }
}
