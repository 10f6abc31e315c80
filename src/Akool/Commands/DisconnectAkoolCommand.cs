using System.Management.Automation;

namespace Akool.Commands
{
    /// <summary>
    /// <para type="synopsis">Forgets the current Akool connection and disposes it.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Akool")]
    [OutputType(typeof(void))]
    public sealed class DisconnectAkoolCommand : PSCmdlet
    {
        /// <inheritdoc />
        protected override void EndProcessing()
        {
            if (AkoolSession.Current == null)
            {
                WriteVerbose("There is no current Akool connection.");
                return;
            }
            AkoolSession.SetCurrent(null);
            WriteVerbose("Disconnected from Akool.");
        }
    }
}
