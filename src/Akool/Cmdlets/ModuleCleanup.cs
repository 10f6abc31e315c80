using System.Management.Automation;
using Akool.Models;

namespace Akool
{
    /// <summary>Disposes the current connection when the module is removed.</summary>
    public sealed class ModuleCleanup : IModuleAssemblyCleanup
    {
        /// <inheritdoc />
        public void OnRemove(PSModuleInfo psModuleInfo) => AkoolSession.Disconnect(null);
    }
}
