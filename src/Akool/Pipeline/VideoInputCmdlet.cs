using System.Collections.Generic;
using System.Management.Automation;
using Akool.Completion;

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
        /// The videos of the current pipeline record. A malformed id is reported here, once, and skipped: it
        /// cannot exist at Akool, so asking would only waste a request.
        /// </summary>
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

            foreach (string raw in Id!)
            {
                string id = raw?.Trim() ?? string.Empty;
                if (!InputRules.IsWellFormedId(id))
                {
                    WriteError(ApiErrors.Create(ErrorIds.InvalidInput, ErrorCategory.InvalidArgument, raw,
                        $"'{raw}' is not an Akool video id (24 hexadecimal digits, the _id New-AkoolTalkingPhoto returned).",
                        "Check the Id column; nothing was asked of Akool for it."));
                    continue;
                }
                yield return new AkoolVideo(id) { Name = InputRules.Optional(Name) };
            }
        }

        /// <summary>How a video is named in messages: its id and, when it has one, its Name.</summary>
        internal static string Describe(AkoolVideo video) =>
            string.IsNullOrEmpty(video.Name) ? $"Video {video.Id}" : $"Video {video.Id} ('{DisplayText.Escape(video.Name)}')";
    }
}
