using System;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Client;

namespace Akool.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the current status of Akool videos.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AkoolVideo", DefaultParameterSetName = IdSet)]
    [OutputType(typeof(AkoolVideo))]
    public sealed class GetAkoolVideoCommand : VideoInputCmdlet
    {
        private const int Concurrency = 8;
        private readonly OrderedResults _results = new OrderedResults();

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            foreach (AkoolVideo video in CurrentVideos())
            {
                while (_results.Running >= Concurrency) WaitForOne();
                _results.Add(RefreshAsync(video));
            }
            Mailbox.RunPending();
            _results.ReportFinishedPrefix();
        }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            while (!_results.IsEmpty) WaitForOne();
        }

        private void WaitForOne()
        {
            try
            {
                _results.WaitForAny(TimeSpan.FromMilliseconds(200), StopToken);
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
            Mailbox.RunPending();
            _results.ReportFinishedPrefix();
        }

        private async Task<Action> RefreshAsync(AkoolVideo video)
        {
            await Task.Yield();
            try
            {
                VideoInfo info = await ActiveConnection.Client.GetVideoAsync(video.Id, ClientLog, StopToken).ConfigureAwait(false);
                AkoolVideo refreshed = video.WithServerState(info);
                return () =>
                {
                    Completion.SeenVideos.Remember(refreshed);
                    WriteObject(refreshed);
                };
            }
            catch (OperationCanceledException)
            {
                return () => throw new PipelineStoppedException();
            }
            catch (Exception ex)
            {
                return () => WriteFailure(ex, Describe(video), video);
            }
        }
    }
}
