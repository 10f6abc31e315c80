using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Akool.Journal
{
    /// <summary>
    /// The batch journal: a JSON-lines file that records, for each row, that its create is about to be sent and
    /// then what came of it, each line flushed to disk before the program moves on. Running the same batch again
    /// with the same journal skips rows already created (their ids are in the file) and refuses to resend rows
    /// whose outcome is unknown. Holds no credential.
    /// </summary>
    internal sealed class BatchJournal : IDisposable
    {
        /// <summary>The first line of every journal; it is how a journal is told from any other file.</summary>
        internal const string HeaderMarker = "akool-batch-journal";

        /// <summary>The suffix of the lock file beside the journal.</summary>
        internal const string LockSuffix = ".lock";

        private static readonly Encoding Utf8 = new UTF8Encoding(false);

        // One lock for the file and the index: an append writes and flushes its line to disk under it, so lines
        // never interleave and a line is known to Find only once it is on disk.
        private readonly object _lock = new object();
        private readonly Dictionary<string, JournalEntry> _latest;
        private readonly FileStream? _file;
        private readonly Stream? _lines;
        private readonly FileStream? _runLock;
        private Exception? _broken;

        private BatchJournal(FileStream? file, FileStream? runLock, Dictionary<string, JournalEntry> latest, int ignoredLines)
        {
            _file = file;
            _runLock = runLock;
            _lines = file;
            _latest = latest;
            IgnoredLines = ignoredLines;
        }

        /// <summary>Lines that could not be read (a crash during a write leaves at most one, at the end).</summary>
        public int IgnoredLines { get; }

        /// <summary>How many rows the journal knows.</summary>
        public int Count
        {
            get
            {
                lock (_lock) return _latest.Count;
            }
        }

        /// <summary>
        /// Opens (or creates) the journal at <paramref name="path"/> for this run, exclusively. Throws
        /// <see cref="JournalInUseException"/> while another run (another process, another runspace) has it open,
        /// and <see cref="InvalidDataException"/> when the file is not a journal or cannot be read as one.
        /// </summary>
        public static BatchJournal Open(string path)
        {
            FileStream runLock = LockRun(path);
            FileStream? file = null;
            try
            {
                // Unbuffered (bufferSize 1): each line goes to the OS in one write, so a failed write leaves nothing
                // behind in a buffer that closing the file would try (and fail) to write again.
                file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1, FileOptions.None);
                var latest = new Dictionary<string, JournalEntry>(StringComparer.Ordinal);
                bool empty = file.Length == 0;
                int ignored = empty ? 0 : Read(file, path, latest);
                var journal = new BatchJournal(file, runLock, latest, ignored);
                try
                {
                    if (empty) journal.WriteLine(new JObject { ["journal"] = HeaderMarker, ["version"] = 1, ["created"] = DateTimeOffset.UtcNow }.ToString(Formatting.None));
                    else journal.EnsureEndsWithNewline();
                }
                catch
                {
                    journal.Dispose();
                    throw;
                }
                return journal;
            }
            catch
            {
                file?.Dispose();
                runLock.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Reads the journal without creating, locking or writing anything (for -WhatIf): a missing file is an empty
        /// journal, and <see cref="Append"/> does nothing.
        /// </summary>
        public static BatchJournal OpenReadOnly(string path)
        {
            var latest = new Dictionary<string, JournalEntry>(StringComparer.Ordinal);
            if (!File.Exists(path)) return new BatchJournal(null, null, latest, 0);
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            {
                int ignored = file.Length == 0 ? 0 : Read(file, path, latest);
                return new BatchJournal(null, null, latest, ignored);
            }
        }

        /// <summary>
        /// Takes the run's lock: a file beside the journal opened with <see cref="FileShare.None"/> and held until
        /// <see cref="Dispose"/>. On Windows that is a sharing lock; on Linux and macOS .NET takes an exclusive
        /// flock on it, which another .NET process (or another open in this one) cannot take while it is held. The
        /// journal itself stays readable by people (FileShare.Read). The lock file is left in place afterwards: deleting
        /// it would let two runs lock two different files of the same name.
        /// </summary>
        private static FileStream LockRun(string path)
        {
            string lockPath = path + LockSuffix;
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
            }
            catch (IOException ex) when (File.Exists(lockPath) && !(ex is FileNotFoundException) && !(ex is DirectoryNotFoundException) && !(ex is PathTooLongException))
            {
                throw new JournalInUseException(
                    $"The journal '{path}' is in use by another run (another PowerShell process or runspace holds '{Path.GetFileName(lockPath)}'). Two runs with one journal would both submit every row.",
                    ex);
            }
        }

        /// <summary>
        /// What the journal last recorded for <paramref name="key"/> (its state, id and audio URL: what deciding the
        /// row needs; the file has the rest), or null. The entry is the journal's own: read it, do not change it.
        /// </summary>
        public JournalEntry? Find(string key)
        {
            lock (_lock) return _latest.TryGetValue(key, out JournalEntry? entry) ? entry : null;
        }

        /// <summary>
        /// Appends <paramref name="entry"/> and returns once it is flushed to disk; any thread. Throws
        /// <see cref="IOException"/> when the line could not be written; after one failed write every later Append
        /// throws too (a torn line may be in the file, and a journal that silently lost a line could let a row be
        /// billed twice).
        /// </summary>
        public void Append(JournalEntry entry)
        {
            entry.At = DateTimeOffset.UtcNow;
            string line = JsonConvert.SerializeObject(entry, Formatting.None);
            lock (_lock)
            {
                if (_broken != null) throw new IOException("An earlier write to the journal failed (" + _broken.Message + "), so it takes no more lines in this run.", _broken);
                WriteLine(line);
                _latest[entry.Key] = Decisive(entry);
            }
        }

        /// <summary>Only what deciding a row needs, so the run holds little per row.</summary>
        private static JournalEntry Decisive(JournalEntry entry) =>
            new JournalEntry { Key = entry.Key, State = entry.State, Id = entry.Id, AudioUrl = entry.AudioUrl };

        /// <summary>Writes <paramref name="line"/> and flushes it to disk (under the lock, or during the open).</summary>
        private void WriteLine(string line)
        {
            if (_lines == null || _file == null) return;
            byte[] bytes = Utf8.GetBytes(line + "\n");
            try
            {
                _lines.Write(bytes, 0, bytes.Length);
                _lines.Flush();
                _file.Flush(flushToDisk: true);
            }
            catch (Exception ex)
            {
                _broken = ex;
                throw;
            }
        }

        private void EnsureEndsWithNewline()
        {
            if (_file == null) return;
            _file.Seek(-1, SeekOrigin.End);
            bool endsWithNewline = _file.ReadByte() == '\n';
            _file.Seek(0, SeekOrigin.End);
            // A torn last line is closed off so the next entry starts on a line of its own.
            if (!endsWithNewline) WriteLine(string.Empty);
        }

        /// <summary>Reads every line once, keeping the latest entry per key: linear in the file, one line in memory at a time.</summary>
        private static int Read(FileStream file, string path, Dictionary<string, JournalEntry> latest)
        {
            RequireUtf8(file, path);
            int ignored = 0;
            using (var reader = new StreamReader(file, new UTF8Encoding(false, false), false, 4096, leaveOpen: true))
            {
                string? header = reader.ReadLine();
                if (header != null && header.Length > 0 && header[0] == '\uFEFF') header = header.Substring(1);
                if (header == null || !IsHeader(header))
                {
                    throw new InvalidDataException($"'{path}' is not an Akool batch journal (its first line is not the journal header).");
                }

                string? line;
                while ((line = reader.ReadLine()) != null)
                {
                    if (line.Length == 0) continue;
                    JournalEntry? entry = TryParse(line);
                    if (entry == null)
                    {
                        ignored++;
                        continue;
                    }
                    latest[entry.Key] = Decisive(entry);
                }
            }
            return ignored;
        }
        /// <summary>
        /// The journal is UTF-8 (a UTF-8 BOM is accepted). A journal re-encoded as UTF-16 or UTF-32 (Windows
        /// PowerShell 5.1's <c>&gt;</c> and <c>Out-File</c> do that) is refused, never half-read: appending UTF-8
        /// lines to it would make the next run read every entry as garbage and bill the rows again.
        /// </summary>
        private static void RequireUtf8(FileStream file, string path)
        {
            var head = new byte[4096];
            file.Seek(0, SeekOrigin.Begin);
            int count = 0;
            int read;
            while (count < head.Length && (read = file.Read(head, count, head.Length - count)) > 0) count += read;
            file.Seek(0, SeekOrigin.Begin);

            string? encoding = null;
            if (count >= 4 && head[0] == 0xFF && head[1] == 0xFE && head[2] == 0 && head[3] == 0) encoding = "UTF-32 LE";
            else if (count >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0xFE && head[3] == 0xFF) encoding = "UTF-32 BE";
            else if (count >= 2 && head[0] == 0xFF && head[1] == 0xFE) encoding = "UTF-16 LE";
            else if (count >= 2 && head[0] == 0xFE && head[1] == 0xFF) encoding = "UTF-16 BE";
            else if (Array.IndexOf(head, (byte)0, 0, count) >= 0) encoding = "UTF-16 or UTF-32 without a byte-order mark";
            if (encoding != null)
            {
                throw new InvalidDataException(
                    $"'{path}' is encoded as {encoding}, not UTF-8 (Windows PowerShell's '>' and Out-File re-encode files that way). It was not read, so no row is trusted to it. Convert it back, for example: (Get-Content '{path}') | Set-Content -Encoding UTF8 '{path}'.");
            }
        }

        private static bool IsHeader(string line)
        {
            try
            {
                return JObject.Parse(line)["journal"]?.ToString() == HeaderMarker;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        private static JournalEntry? TryParse(string line)
        {
            try
            {
                JournalEntry? entry = JsonConvert.DeserializeObject<JournalEntry>(line);
                return entry == null || string.IsNullOrEmpty(entry.Key) ? null : entry;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        /// <inheritdoc />
        public void Dispose()
        {
            lock (_lock)
            {
                _file?.Dispose();
                _runLock?.Dispose();
            }
        }
    }
}
