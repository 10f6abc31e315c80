using System;
using System.IO;
using System.Text;
using System.Threading;
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

        // Group commit: appenders put their line into _pending under _writeLock (cheap, never waits for the disk);
        // one of them at a time, under _flushLock, takes everything pending, writes it and fsyncs it once. An
        // append returns only once a flush that took its line has ended, so each line is on disk before Append
        // returns, and one fsync covers every line written before it (the create workers append concurrently).
        private readonly object _writeLock = new object();
        private readonly object _flushLock = new object();
        private readonly JournalIndex _latest;
        private readonly FileStream? _file;
        private readonly StreamWriter? _writer;
        private readonly FileStream? _runLock;
        private readonly StringBuilder _pending = new StringBuilder();
        private long _appended;
        private long _durable;
        private long _flushes;
        private Exception? _broken;

        private BatchJournal(FileStream? file, FileStream? runLock, JournalIndex latest, int ignoredLines)
        {
            _file = file;
            _runLock = runLock;
            _writer = file == null ? null : new StreamWriter(file, new UTF8Encoding(false)) { AutoFlush = false };
            _latest = latest;
            IgnoredLines = ignoredLines;
        }

        /// <summary>Lines that could not be read (a crash during a write leaves at most one, at the end).</summary>
        public int IgnoredLines { get; }

        /// <summary>How many times lines were written and flushed to disk (one flush covers every line pending then).</summary>
        internal long FlushCount => Interlocked.Read(ref _flushes);

        /// <summary>How many lines were handed to <see cref="Append"/> (flushed or not yet).</summary>
        internal long AppendedCount
        {
            get
            {
                lock (_writeLock) return _appended;
            }
        }

        /// <summary>
        /// Test seam: runs on the flushing thread just before each flush to disk, with the number of lines it
        /// covers (a test holds it to make appends pile up behind one flush).
        /// </summary>
        internal Action<int>? BeforeFlush { get; set; }

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
                // No FileOptions.WriteThrough: every batch of lines is followed by an explicit flush to disk (fsync,
                // FlushFileBuffers) before any Append that wrote into it returns, which is the whole promise; write-
                // through on top made each write wait for the disk as well, a second wait per batch for nothing.
                file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 4096, FileOptions.None);
                var latest = new JournalIndex();
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
            var latest = new JournalIndex();
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
        /// row needs; the file has the rest), or null. A hash lookup.
        /// </summary>
        public JournalEntry? Find(string key)
        {
            lock (_writeLock) return _latest.Find(key);
        }

        /// <summary>
        /// Appends <paramref name="entry"/> and returns once it is flushed to disk; any thread. Lines appended by
        /// several threads at once share one flush. Throws <see cref="IOException"/> when the line could not be
        /// written; after one failed write every later Append throws too (a torn line may be in the file, and a
        /// journal that silently lost a line could let a row be billed twice).
        /// </summary>
        public void Append(JournalEntry entry)
        {
            entry.At = DateTimeOffset.UtcNow;
            string line = JsonConvert.SerializeObject(entry, Formatting.None);
            long mine;
            lock (_writeLock)
            {
                ThrowIfBroken();
                if (_writer == null)
                {
                    _latest.Set(entry);
                    return;
                }
                _pending.Append(line).Append('\n');
                mine = ++_appended;
            }
            FlushThrough(mine);
            // Known to Find only once it is on disk, as before group commit.
            lock (_writeLock) _latest.Set(entry);
        }

        /// <summary>Returns once line number <paramref name="mine"/> is on disk: flushed by another thread meanwhile, or by this one.</summary>
        private void FlushThrough(long mine)
        {
            lock (_flushLock)
            {
                // Whoever held the flush lock before may have taken this line with theirs.
                if (Interlocked.Read(ref _durable) >= mine) return;
                string batch;
                long through;
                lock (_writeLock)
                {
                    ThrowIfBroken();
                    batch = _pending.ToString();
                    _pending.Clear();
                    through = _appended;
                }
                try
                {
                    BeforeFlush?.Invoke((int)(through - Interlocked.Read(ref _durable)));
                    WriteDurably(batch);
                }
                catch (Exception ex)
                {
                    lock (_writeLock) _broken = ex;
                    throw;
                }
                Interlocked.Exchange(ref _durable, through);
            }
        }

        private void ThrowIfBroken()
        {
            if (_broken != null) throw new IOException("An earlier write to the journal failed (" + _broken.Message + "), so it takes no more lines in this run.", _broken);
        }

        /// <summary>Writes <paramref name="text"/> and flushes it to disk (the flush lock or the open is held).</summary>
        private void WriteDurably(string text)
        {
            if (_writer == null || _file == null) return;
            _writer.Write(text);
            _writer.Flush();
            _file.Flush(flushToDisk: true);
            Interlocked.Increment(ref _flushes);
        }

        private void WriteLine(string line) => WriteDurably(line + "\n");

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
        private static int Read(FileStream file, string path, JournalIndex latest)
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
                    latest.Set(entry);
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
            // The flush lock first, as FlushThrough takes them: never under a flush in progress.
            lock (_flushLock)
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
}
