using System;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Concurrency;

namespace Akool.Commands
{
    /// <summary>Gets the current status of Akool videos.</summary>
    [Cmdlet(VerbsCommon.Get, "AkoolVideo", DefaultParameterSetName = IdSet)]
    [OutputType(typeof(AkoolVideo))]
    public sealed class GetAkoolVideoCommand : VideoInputCmdlet
    {
        private const int Concurrency = 8;
        private BackgroundWork<AkoolVideo>? _work;

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _work = StartEngine<AkoolVideo>(RefreshAsync, Concurrency, ReportOrder.Input);
        }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            foreach (AkoolVideo video in CurrentVideos())
            {
                _work!.WaitForRoom(Concurrency);
                _work.Start(video);
            }
            _work!.Drain();
        }

        /// <inheritdoc />
        protected override void EndProcessing() => _work!.WaitUntilDone();

        private async Task<Step<AkoolVideo>> RefreshAsync(AkoolVideo video, WorkContext context)
        {
            try
            {
                VideoInfo info = await ActiveConnection.Client.GetVideoAsync(video.Id, context.Log, context.Cancellation).ConfigureAwait(false);
                AkoolVideo refreshed = video.WithServerState(info);
                return Step<AkoolVideo>.Report(() => WriteVideo(refreshed));
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && context.Cancellation.IsCancellationRequested))
            {
                return Step<AkoolVideo>.Report(() => WriteFailure(ex, video.Describe(), video));
            }
        }
    }
}
