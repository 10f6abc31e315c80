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

        private readonly object _writeLock = new object();
        private readonly Dictionary<string, JournalEntry> _latest;
        private readonly FileStream? _file;
        private readonly StreamWriter? _writer;
        private readonly FileStream? _runLock;

        private BatchJournal(FileStream? file, FileStream? runLock, Dictionary<string, JournalEntry> latest, int ignoredLines)
        {
            _file = file;
            _runLock = runLock;
            _writer = file == null ? null : new StreamWriter(file, new UTF8Encoding(false)) { AutoFlush = false };
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
                lock (_writeLock) return _latest.Count;
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
                file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 4096, FileOptions.WriteThrough);
                var latest = new Dictionary<string, JournalEntry>(StringComparer.Ordinal);
                int ignored = file.Length == 0 ? 0 : Read(file, path, latest);
                var journal = new BatchJournal(file, runLock, latest, ignored);
                if (file.Length == 0)
                {
                    journal.WriteLine(new JObject { ["journal"] = HeaderMarker, ["version"] = 1, ["created"] = DateTimeOffset.UtcNow }.ToString(Formatting.None));
                }
                else
                {
                    journal.EnsureEndsWithNewline();
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

        /// <summary>What the journal last recorded for <paramref name="key"/>, or null.</summary>
        public JournalEntry? Find(string key)
        {
            lock (_writeLock) return _latest.TryGetValue(key, out JournalEntry? entry) ? entry : null;
        }

        /// <summary>Appends <paramref name="entry"/> and flushes it to disk before returning; any thread.</summary>
        public void Append(JournalEntry entry)
        {
            entry.At = DateTimeOffset.UtcNow;
            string line = JsonConvert.SerializeObject(entry, Formatting.None);
            lock (_writeLock)
            {
                WriteLine(line);
                _latest[entry.Key] = entry;
            }
        }

        private void WriteLine(string line)
        {
            if (_writer == null || _file == null) return;
            _writer.Write(line);
            _writer.Write('\n');
            _writer.Flush();
            _file.Flush(flushToDisk: true);
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

        private static int Read(FileStream file, string path, Dictionary<string, JournalEntry> latest)
        {
            RequireUtf8(file, path);
            var lines = new List<string>();
            using (var reader = new StreamReader(file, new UTF8Encoding(false, false), false, 4096, leaveOpen: true))
            {
                string? line;
                while ((line = reader.ReadLine()) != null) lines.Add(line);
            }

            if (lines.Count > 0 && lines[0].Length > 0 && lines[0][0] == '\uFEFF') lines[0] = lines[0].Substring(1);
            if (lines.Count == 0 || !IsHeader(lines[0]))
            {
                throw new InvalidDataException($"'{path}' is not an Akool batch journal (its first line is not the journal header).");
            }

            int ignored = 0;
            for (int i = 1; i < lines.Count; i++)
            {
                if (lines[i].Length == 0) continue;
                JournalEntry? entry = TryParse(lines[i]);
                if (entry == null)
                {
                    ignored++;
                    continue;
                }
                latest[entry.Key] = entry;
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
            lock (_writeLock)
            {
                _writer?.Dispose();
                _file?.Dispose();
                _runLock?.Dispose();
            }
        }
    }
}
