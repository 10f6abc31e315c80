using System.Management.Automation;
using Akool.Errors;

namespace Akool.Input
{
    internal static class FileSystemPath
    {
        public static string Resolve(PSCmdlet cmdlet, string path, string errorId, string what)
        {
            string resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
            if (provider.Name != "FileSystem")
            {
                cmdlet.Terminate(ErrorClassifier.Create(errorId, ErrorCategory.InvalidArgument, path,
                    $"The {what} '{path}' is on the {provider.Name} provider; it must be a file-system path."));
            }
            return resolved;
        }
    }
}
