using System;
using System.Collections.Generic;
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
    /// <remarks>
    /// Listing a folder reads every entry in it, so listing it for every download would make a batch quadratic (the
    /// 100,000th video of a run would scan 100,000 names). A folder is listed once and the list is reused for as long as it cannot miss a stale file: a
    /// partial file is removed only when it was last written at least <c>minimumAge</c> ago, so any file that can be
    /// removed now already existed when a list younger than <c>minimumAge</c> was made. (A partial file copied in with
    /// an old time stamp while a batch runs is removed once the list is renewed.)
    /// </remarks>
    internal static class PartialFiles
    {
        private static readonly object Gate = new object();
        private static readonly Dictionary<string, (DateTime MadeAt, Dictionary<string, List<string>> ByTarget)> Listings =
            new Dictionary<string, (DateTime, Dictionary<string, List<string>>)>(StringComparer.Ordinal);
        private static int s_listings;

        /// <summary>How many times a folder was listed in this process (for tests).</summary>
        internal static int ListingCount => System.Threading.Volatile.Read(ref s_listings);

        public static void RemoveStale(string targetPath, TimeSpan minimumAge, Action<string>? log)
        {
            string? folder = Path.GetDirectoryName(targetPath);
            if (folder == null || !Directory.Exists(folder)) return;
            List<string>? candidates = CandidatesFor(folder, Path.GetFileName(targetPath), minimumAge);
            if (candidates == null) return;
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
                    // In use (a live download), gone already, or not ours to remove: leave it.
                }
            }
        }

        /// <summary>The partial files of <paramref name="targetName"/> in <paramref name="folder"/>, from a listing younger than <paramref name="minimumAge"/>; null for none.</summary>
        private static List<string>? CandidatesFor(string folder, string targetName, TimeSpan minimumAge)
        {
            lock (Gate)
            {
                if (!Listings.TryGetValue(folder, out var listing) || DateTime.UtcNow - listing.MadeAt >= minimumAge)
                {
                    DateTime madeAt = DateTime.UtcNow;
                    Dictionary<string, List<string>>? byTarget = List(folder);
                    if (byTarget == null) return null;
                    Listings[folder] = listing = (madeAt, byTarget);
                }
                return listing.ByTarget.TryGetValue(targetName, out List<string>? partials) ? new List<string>(partials) : null;
            }
        }

        /// <summary>Every partial file in <paramref name="folder"/>, by the target file name it belongs to; null when the folder cannot be read.</summary>
        private static Dictionary<string, List<string>>? List(string folder)
        {
            var byTarget = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            System.Threading.Interlocked.Increment(ref s_listings);
            try
            {
                foreach (string path in Directory.EnumerateFiles(folder, "*" + VideoDownloader.PartialSuffix))
                {
                    // <target>.<8 characters>.akool-partial, as the downloader names them.
                    string name = Path.GetFileName(path);
                    int targetLength = name.Length - VideoDownloader.PartialSuffix.Length - 9;
                    if (targetLength <= 0 || name[targetLength] != '.' || !name.EndsWith(VideoDownloader.PartialSuffix, StringComparison.Ordinal)) continue;
                    string target = name.Substring(0, targetLength);
                    if (!byTarget.TryGetValue(target, out List<string>? partials)) byTarget[target] = partials = new List<string>();
                    partials.Add(path);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return null;
            }
            return byTarget;
        }
    }
}
