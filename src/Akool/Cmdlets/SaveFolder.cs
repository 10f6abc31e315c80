using System;
using System.IO;
using System.Management.Automation;

namespace Akool
{
    /// <summary>What Save-AkoolVideo and Save-AkoolSpeech share: the destination folder and the file names in it.</summary>
    internal static class SaveFolder
    {
        /// <summary>The folder -Destination names, or the current location when it is not given.</summary>
        public static string Resolve(PSCmdlet cmdlet, string? destination) => destination == null
            ? cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath
            : FileSystemPath.Resolve(cmdlet, destination, ErrorIds.DestinationInvalid, "destination");

        /// <summary>Creates <paramref name="destination"/> when missing and checks once that it can be written to; terminates the cmdlet when not.</summary>
        public static void Prepare(Cmdlet cmdlet, string destination)
        {
            if (File.Exists(destination))
            {
                cmdlet.ThrowTerminatingError(ErrorClassifier.Create(ErrorIds.DestinationInvalid, ErrorCategory.InvalidArgument, destination,
                    $"The destination '{destination}' is a file; it must be a folder.", "Give a folder path (it is created when missing)."));
            }
            try
            {
                if (!Directory.Exists(destination))
                {
                    if (!cmdlet.ShouldProcess(destination, "Create folder")) return;
                    Directory.CreateDirectory(destination);
                }
                // Find out now, once, rather than with one error per file.
                string probe = Path.Combine(destination, ".akool-write-test-" + Guid.NewGuid().ToString("N"));
                using (File.Create(probe, 1, FileOptions.DeleteOnClose))
                {
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException)
            {
                cmdlet.ThrowTerminatingError(ErrorClassifier.Create(ex, ErrorIds.DestinationInvalid, ErrorCategory.WriteError, destination,
                    $"Cannot write to the destination '{destination}': {ex.Message}", "Choose a folder you can write to."));
            }
        }

        /// <summary>
        /// The file name for an item: its Name made safe plus <paramref name="extension"/>, or its id when it has no
        /// usable Name (with a warning when the Name had to change).
        /// </summary>
        public static string FileName(Cmdlet cmdlet, string? name, string id, string extension, string subject)
        {
            if (string.IsNullOrWhiteSpace(name)) return id + extension;
            string? safe = SafeFileName.From(name!);
            if (safe == null)
            {
                cmdlet.WriteWarning($"{subject}: the Name has no characters usable in a file name; saving as '{id}{extension}'.");
                return id + extension;
            }
            if (safe != name!.Trim()) cmdlet.WriteWarning($"{subject}: the Name is not a safe file name; saving as '{safe}{extension}'.");
            return safe + extension;
        }
    }
}
