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

        /// <summary>
        /// True when this invocation's errors are terminating: -ErrorAction Stop, else $ErrorActionPreference
        /// 'Stop' in the caller's scope (how PowerShell itself decides, minus -ErrorAction Inquire, which asks).
        /// A cmdlet that must say something before the stop (the ids of paid videos) asks this before WriteError.
        /// </summary>
        public static bool ErrorsStop(this PSCmdlet cmdlet)
        {
            if (!cmdlet.MyInvocation.BoundParameters.TryGetValue("ErrorAction", out object? preference))
            {
                preference = cmdlet.GetVariableValue("ErrorActionPreference");
            }
            // The preference variable is often a string ($ErrorActionPreference = 'Stop').
            return LanguagePrimitives.TryConvertTo(preference, out ActionPreference action) && action == ActionPreference.Stop;
        }
    }
}
