using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Akool.Journal
{
    internal sealed class BatchJournal : IDisposable
    {
        internal const string HeaderMarker = "akool-batch-journal";

        private static readonly Encoding Utf8 = new UTF8Encoding(false);

        // The journals this process holds, by full path: a refusal can then say that the holder is in this process.
        private static readonly HashSet<string> HeldHere = new HashSet<string>(StringComparer.Ordinal);

        // One lock for the file and the index: an append writes and flushes its line to disk under it, so lines
        // never interleave and a line is known to Find only once it is on disk.
        private readonly object _lock = new object();
        private readonly Dictionary<string, Decisive> _latest;
        private readonly FileStream? _file;
        private readonly Stream? _lines;
        private string? _heldAs;
        private Exception? _broken;

        private BatchJournal(FileStream? file, string? heldAs, Dictionary<string, Decisive> latest, int ignoredLines)
        {
            _file = file;
            _heldAs = heldAs;
            _lines = file == null || heldAs == null ? file : StandIns.TryGetValue(heldAs, out Func<Stream, Stream>? standIn) ? standIn(file) : file;
            _latest = latest;
            IgnoredLines = ignoredLines;
        }

        // Test seam: what lines are written through instead of the file, so a test can fill the disk without filling it.
        internal static ConcurrentDictionary<string, Func<Stream, Stream>> StandIns { get; } = new ConcurrentDictionary<string, Func<Stream, Stream>>(StringComparer.Ordinal);

        public int IgnoredLines { get; private set; }

        // A later open that finds another length saw another run's lines.
        public long ReadLength { get; private set; }

        public int Count
        {
            get
            {
                lock (_lock) return _latest.Count;
            }
        }

        public static BatchJournal Open(string path)
        {
            string fullPath = Path.GetFullPath(path);
            FileStream file = OpenFile(path, fullPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, ExclusiveShare);
            try
            {
                var latest = new Dictionary<string, Decisive>(StringComparer.Ordinal);
                bool empty = file.Length == 0;
                int ignored = empty ? 0 : Read(file, path, latest);
                lock (HeldHere) HeldHere.Add(fullPath);
                var journal = new BatchJournal(file, fullPath, latest, ignored) { ReadLength = file.Length };
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
                file.Dispose();
                throw;
            }
        }

        // Until a row may be sent nothing is created, locked or written; the path is claimed in this process, so a second
        // command of this session given the same journal is refused before anything is sent.
        public static BatchJournal OpenReadOnly(string path)
        {
            string fullPath = Path.GetFullPath(path);
            lock (HeldHere)
            {
                if (!HeldHere.Add(fullPath)) throw InUse(path, here: true, null);
            }
            var journal = new BatchJournal(null, fullPath, new Dictionary<string, Decisive>(StringComparer.Ordinal), 0);
            try
            {
                if (!File.Exists(path)) return journal;
                using (FileStream file = OpenFile(path, fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
                {
                    journal.ReadLength = file.Length;
                    journal.IgnoredLines = file.Length == 0 ? 0 : Read(file, path, journal._latest);
                }
                return journal;
            }
            catch
            {
                journal.Dispose();
                throw;
            }
        }

        // The lock is on the file, not its name, so a link to it is refused too. On Windows the sharing mode is the lock
        // (Read keeps it readable); elsewhere .NET's flock is exclusive only for FileShare.None (cat and tail still read it).
        // The OS drops the lock when the process ends, however it ends.
        private static FileShare ExclusiveShare => RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? FileShare.Read : FileShare.None;

        private static FileStream OpenFile(string path, string fullPath, FileMode mode, FileAccess access, FileShare share)
        {
            try
            {
                // Unbuffered (bufferSize 1): each line goes to the OS in one write, so a failed write leaves nothing
                // behind in a buffer that closing the file would try (and fail) to write again.
                return new FileStream(path, mode, access, share, 1, FileOptions.None);
            }
            catch (IOException ex) when (HeldByAnother(ex))
            {
                bool here;
                lock (HeldHere) here = HeldHere.Contains(fullPath);
                throw InUse(path, here, ex);
            }
        }

        private static JournalInUseException InUse(string path, bool here, Exception? inner)
        {
            string holder = here
                ? "another run in this process has it open"
                : "another run has it open (in another process, or in this one through another name or link)";
            return new JournalInUseException($"The journal '{path}' is in use: {holder}. Two runs with one journal would both submit every row.", here, inner);
        }

        // A sharing or lock violation on Windows; flock's EWOULDBLOCK (11 on Linux, 35 on macOS) elsewhere.
        private static bool HeldByAnother(IOException ex) =>
            ex.GetType() == typeof(IOException) &&
            (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
                ? ex.HResult == unchecked((int)0x80070020) || ex.HResult == unchecked((int)0x80070021)
                : ex.HResult == 11 || ex.HResult == 35);

        public JournalEntry? Find(string key)
        {
            Decisive found;
            lock (_lock)
            {
                if (!_latest.TryGetValue(key, out found)) return null;
            }
            return new JournalEntry { Key = key, State = found.State, Id = found.Id, AudioUrl = found.AudioUrl, SpeechId = found.SpeechId };
        }

        // After one failed write every later Append throws: a torn line may be in the file, and a journal that silently
        // lost a line could let a row be billed twice.
        public void Append(JournalEntry entry)
        {
            entry.At = DateTimeOffset.UtcNow;
            string line = JsonConvert.SerializeObject(entry, Formatting.None);
            lock (_lock)
            {
                if (_broken != null) throw new IOException("An earlier write to the journal failed (" + _broken.Message + "), so it takes no more lines in this run.", _broken);
                WriteLine(line);
                _latest[entry.Key] = DecisiveOf(entry);
            }
        }

        // Only what deciding a row needs (the file has the rest), inline in the dictionary: a 100,000-row run holds one per row.
        private static Decisive DecisiveOf(JournalEntry entry) => new Decisive(entry.State, entry.Id, entry.AudioUrl, entry.SpeechId);

        private readonly record struct Decisive(JournalState State, string? Id, string? AudioUrl, string? SpeechId);

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

        private static int Read(FileStream file, string path, Dictionary<string, Decisive> latest)
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
                    latest[entry.Key] = DecisiveOf(entry);
                }
            }
            return ignored;
        }
        // A journal re-encoded as UTF-16 or UTF-32 (Windows PowerShell's > and Out-File) is refused, never half-read:
        // appending UTF-8 lines would make the next run read garbage and bill the rows again.
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

        public void Dispose()
        {
            lock (_lock)
            {
                _file?.Dispose();
                if (_heldAs != null)
                {
                    lock (HeldHere) HeldHere.Remove(_heldAs);
                    _heldAs = null;
                }
            }
        }
    }
}
