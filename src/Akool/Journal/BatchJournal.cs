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

        private readonly object _writeLock = new object();
        private readonly Dictionary<string, JournalEntry> _latest;
        private readonly FileStream _file;
        private readonly StreamWriter _writer;

        private BatchJournal(FileStream file, Dictionary<string, JournalEntry> latest, int ignoredLines)
        {
            _file = file;
            _writer = new StreamWriter(file, new UTF8Encoding(false)) { AutoFlush = false };
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

        /// <summary>Opens (or creates) the journal at <paramref name="path"/>. Throws <see cref="InvalidDataException"/> when the file is not a journal.</summary>
        public static BatchJournal Open(string path)
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 4096, FileOptions.WriteThrough);
            try
            {
                var latest = new Dictionary<string, JournalEntry>(StringComparer.Ordinal);
                int ignored = file.Length == 0 ? 0 : Read(file, path, latest);
                var journal = new BatchJournal(file, latest, ignored);
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
                file.Dispose();
                throw;
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
            _writer.Write(line);
            _writer.Write('\n');
            _writer.Flush();
            _file.Flush(flushToDisk: true);
        }

        private void EnsureEndsWithNewline()
        {
            _file.Seek(-1, SeekOrigin.End);
            bool endsWithNewline = _file.ReadByte() == '\n';
            _file.Seek(0, SeekOrigin.End);
            // A torn last line is closed off so the next entry starts on a line of its own.
            if (!endsWithNewline) WriteLine(string.Empty);
        }

        private static int Read(FileStream file, string path, Dictionary<string, JournalEntry> latest)
        {
            var lines = new List<string>();
            using (var reader = new StreamReader(file, Encoding.UTF8, true, 4096, leaveOpen: true))
            {
                string? line;
                while ((line = reader.ReadLine()) != null) lines.Add(line);
            }

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
                _writer.Dispose();
                _file.Dispose();
            }
        }
    }
}
