using System;
using System.Diagnostics.CodeAnalysis;
using System.Management.Automation;

namespace Akool
{
    internal static class CmdletExtensions
    {
        [DoesNotReturn]
        public static void Terminate(this Cmdlet cmdlet, ErrorRecord record)
        {
            cmdlet.ThrowTerminatingError(record);
            throw new InvalidOperationException("ThrowTerminatingError returned.");
        }
    }
}
