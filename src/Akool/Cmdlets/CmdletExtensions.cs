using System;
using System.Diagnostics.CodeAnalysis;
using System.Management.Automation;

namespace Akool
{
    /// <summary>Helpers every cmdlet of the module uses.</summary>
    internal static class CmdletExtensions
    {
        /// <summary>
        /// Ends the cmdlet with <paramref name="record"/> (ThrowTerminatingError), in a form the compiler knows
        /// never returns.
        /// </summary>
        [DoesNotReturn]
        public static void Terminate(this Cmdlet cmdlet, ErrorRecord record)
        {
            cmdlet.ThrowTerminatingError(record);
            throw new InvalidOperationException("ThrowTerminatingError returned.");
        }
    }
}
