using System;
using System.Management.Automation;
using Akool.Errors;

namespace Akool.Commands
{
    /// <summary>Gets the Akool account's credit balance.</summary>
    [Cmdlet(VerbsCommon.Get, "AkoolCredit")]
    [OutputType(typeof(AkoolCredit))]
    public sealed class GetAkoolCreditCommand : AkoolApiCmdlet
    {
        /// <inheritdoc />
        protected override void EndProcessing()
        {
            try
            {
                decimal credit = RunOne(context => ActiveConnection.Client.GetCreditAsync(context.Log, context.Cancellation));
                WriteObject(new AkoolCredit(credit, ActiveConnection.BaseUri, DateTimeOffset.UtcNow));
            }
            catch (Client.AkoolApiException ex)
            {
                WriteError(ErrorClassifier.From(ex, "Reading the credit balance failed", ActiveConnection.BaseUri));
            }
        }
    }
}
