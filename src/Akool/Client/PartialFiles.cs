using System;
using System.Collections.Generic;
using System.IO;

namespace Akool.Client
{
    // A download holds its partial file open with FileShare.None (an OS lock), so one that can be opened that way has no
    // writer; the age rule guards where that lock is not taken (network shares, DOTNET_SYSTEM_IO_DISABLEFILELOCKING).
    // A folder is listed once and the list reused while it cannot miss a stale file (only files older than minimumAge
    // are removed), so a 100,000-video batch does not scan the folder per download.
    internal static class PartialFiles
    {
        private static readonly object Gate = new object();
        private static readonly Dictionary<string, (DateTime MadeAt, Dictionary<string, List<string>> ByTarget)> Listings =
            new Dictionary<string, (DateTime, Dictionary<string, List<string>>)>(StringComparer.Ordinal);
        private static int s_listings;

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
