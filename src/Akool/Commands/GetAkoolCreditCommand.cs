using System;
using System.Management.Automation;

namespace Akool.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets the Akool account's credit balance.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AkoolCredit")]
    [OutputType(typeof(AkoolCredit))]
    public sealed class GetAkoolCreditCommand : AkoolApiCmdlet
    {
        /// <inheritdoc />
        protected override void EndProcessing()
        {
            try
            {
                decimal credit = Await(ActiveConnection.Client.GetCreditAsync(ClientLog, StopToken));
                WriteObject(new AkoolCredit(credit, ActiveConnection.BaseUri, DateTimeOffset.UtcNow));
            }
            catch (Client.AkoolApiException ex)
            {
                WriteError(ApiErrors.FromApi(ex, "Reading the credit balance failed", ActiveConnection.BaseUri));
            }
        }
    }
}
