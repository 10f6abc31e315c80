using System;
using System.IO;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Concurrency;
using Akool.Errors;

namespace Akool.Commands
{
    /// <summary>Downloads completed Akool videos into a folder, one MP4 file per video.</summary>
    [Cmdlet(VerbsData.Save, "AkoolVideo", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = IdSet)]
    [OutputType(typeof(FileInfo))]
    public sealed class SaveAkoolVideoCommand : VideoInputCmdlet
    {
        private SaveRun<AkoolVideo>? _run;

        /// <summary>The folder to save into; created when missing. Default: the current location.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Destination { get; set; }

        /// <summary>Overwrites files that already exist.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Leaves a file that already exists alone and emits it as saved, once it is proven to be the video (for re-running a batch).</summary>
        [Parameter]
        public SwitchParameter SkipExisting { get; set; }

        /// <summary>How many downloads run at once.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _run = new SaveRun<AkoolVideo>(this, new Videos(), Destination, Force, SkipExisting, ThrottleLimit);
        }

        /// <inheritdoc />
        protected override void ProcessRecord() => _run!.Process(CurrentVideos());

        /// <inheritdoc />
        protected override void EndProcessing() => _run!.End();

        // Read from Akool unless known Completed with a URL and a creation time (for the 7-day check).
        private sealed class Videos() : SaveKind<AkoolVideo>("video", "videos", ".mp4", SavedFileKind.Mp4Video, 0x4B2, "give the row another Name",
            "Check the id; Akool keeps results for 7 days.", "Submit the row again to make a new video.")
        {

            public override string Id(AkoolVideo item) => item.Id;

            public override string? Name(AkoolVideo item) => item.Name;

            public override string Describe(AkoolVideo item) => item.Describe();

            public override bool IsReady(AkoolVideo item) =>
                item.Status == AkoolVideoStatus.Completed && !string.IsNullOrEmpty(item.VideoUrl) && item.CreatedAt.HasValue;

            public override string Url(AkoolVideo item) => item.VideoUrl!;

            public override async Task<AkoolVideo> ReadAsync(AkoolClient client, AkoolVideo item, WorkContext context) =>
                item.WithServerState(await client.GetVideoAsync(item.Id, context.Log, context.Cancellation).ConfigureAwait(false));

            public override ErrorRecord? NotReady(AkoolVideo video, Action<string> warn)
            {
                // A failed video will never have a file: waiting for it is not the advice.
                if (video.Status == AkoolVideoStatus.Failed)
                {
                    return ErrorClassifier.Create(ErrorIds.VideoFailed, ErrorCategory.InvalidResult, video,
                        $"{video.Describe()} failed at Akool, so there is no file to save.", "Check the row's photo and audio, then submit it again.");
                }
                if (video.Status != AkoolVideoStatus.Completed || string.IsNullOrEmpty(video.VideoUrl))
                {
                    return ErrorClassifier.Create(ErrorIds.VideoNotCompleted, ErrorCategory.InvalidOperation, video,
                        $"{video.Describe()} is {video.Status}, not Completed, so there is nothing to save yet.",
                        "Pipe it through Wait-AkoolVideo first: ... | Wait-AkoolVideo | Save-AkoolVideo.");
                }
                if (video.IsExpired(DateTimeOffset.UtcNow))
                {
                    return ErrorClassifier.Create(ErrorIds.VideoExpired, ErrorCategory.ResourceUnavailable, video, video.ExpiredMessage, ExpiredAdvice);
                }
                if (video.ExpiresSoon) warn(video.SoonMessage);
                return null;
            }

            public override (string Id, ErrorCategory Category) Classify(AkoolErrorKind kind) => ErrorClassifier.Classify(kind);
        }
    }
}
