using System.Management.Automation;

namespace Akool.Bench
{
    /// <summary>
    /// The least a binary cmdlet can do per row: bind a pipeline object and WriteObject it. What it costs per row is
    /// PowerShell's own price for any binary cmdlet in a pipeline, which no change to the module can remove (issue 14).
    /// Lives in the bench only; imported with Import-Module -Assembly.
    /// </summary>
    [Cmdlet(VerbsCommunications.Write, "BenchRow")]
    public sealed class WriteBenchRowCommand : PSCmdlet
    {
        [Parameter(ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        protected override void ProcessRecord() => WriteObject(InputObject);
    }
}
