using System.Management.Automation;
using Akool.Errors;

namespace Akool.Input
{
    /// <summary>Resolves a user's path (relative to the current location, PSDrive-aware) to a file-system path.</summary>
    internal static class FileSystemPath
    {
        /// <summary>The full path, or a terminating error with <paramref name="errorId"/> when the path is not on the FileSystem provider.</summary>
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
