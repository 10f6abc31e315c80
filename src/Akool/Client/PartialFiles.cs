using System;
using System.IO;

namespace Akool.Client
{
    /// <summary>
    /// Finds the partial files (<c>&lt;target&gt;.&lt;8 hex&gt;.akool-partial</c>) that a killed process left beside a
    /// target, and removes those no live process is writing. A download holds its partial file open with
    /// <see cref="FileShare.None"/>, which is an OS lock on Windows and (through flock) on Linux and macOS; a file
    /// that can be opened the same way has no writer. The age rule is a second guard, for file systems or settings
    /// where that lock is not taken (network shares, DOTNET_SYSTEM_IO_DISABLEFILELOCKING).
    /// </summary>
    internal static class PartialFiles
    {
        public static void RemoveStale(string targetPath, TimeSpan minimumAge, Action<string>? log)
        {
            string? folder = Path.GetDirectoryName(targetPath);
            if (folder == null || !Directory.Exists(folder)) return;
            string[] candidates;
            try
            {
                candidates = Directory.GetFiles(folder, Path.GetFileName(targetPath) + ".????????" + VideoDownloader.PartialSuffix);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return;
            }
            foreach (string candidate in candidates)
            {
                try
                {
                    if (DateTime.UtcNow - File.GetLastWriteTimeUtc(candidate) < minimumAge) continue;
                    using (new FileStream(candidate, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose))
                    {
                        // Opened exclusively: nobody writes it. DeleteOnClose removes it while we still hold the lock.
                    }
                    log?.Invoke($"Removed '{Path.GetFileName(candidate)}', a partial download left by a process that ended before finishing it.");
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    // In use (a live download) or not ours to remove: leave it.
                }
            }
        }
    }
}
