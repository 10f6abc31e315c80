using System.Management.Automation;
using Akool.Models;

namespace Akool.Commands
{
    /// <summary>Forgets the current Akool connection and disposes it.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Akool")]
    [OutputType(typeof(void))]
    public sealed class DisconnectAkoolCommand : PSCmdlet
    {
        /// <summary>A connection to dispose instead of the current one (from Connect-Akool -PassThru).</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public AkoolConnection? Connection { get; set; }

        /// <inheritdoc />
        protected override void ProcessRecord()
        {
            if (!AkoolSession.Disconnect(Connection))
            {
                WriteVerbose("There is no current Akool connection.");
                return;
            }
            WriteVerbose(Connection == null ? "Disconnected from Akool." : $"Disposed the connection to {Connection.BaseUri}.");
        }
    }
}
