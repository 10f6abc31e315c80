using System.Management.Automation;
using Akool.Errors;
using Akool.Models;

namespace Akool.Commands
{
    /// <summary>Gets the current Akool connection.</summary>
    [Cmdlet(VerbsCommon.Get, "AkoolConnection")]
    [OutputType(typeof(AkoolConnection))]
    public sealed class GetAkoolConnectionCommand : PSCmdlet
    {
        /// <inheritdoc />
        protected override void EndProcessing()
        {
            AkoolConnection? current = AkoolSession.Current;
            if (current == null)
            {
                WriteError(ErrorClassifier.Create(ErrorIds.NotConnected, ErrorCategory.ObjectNotFound, null,
                    "There is no current Akool connection.", "Run Connect-Akool first."));
                return;
            }
            WriteObject(current);
        }
    }
}
