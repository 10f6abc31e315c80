using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Akool.Journal;
using Xunit;

namespace Akool.Tests.Journal
{
    /// <summary>
    /// The journal alone: lines appended by several threads at once are all kept, each readable once its Append
    /// returns; the latest line per key wins; reading a journal back is linear.
    /// </summary>
    public sealed class BatchJournalTests : IDisposable
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "akool-journal-" + Guid.NewGuid().ToString("N"));

        public BatchJournalTests() => Directory.CreateDirectory(_folder);

        private string JournalPath => Path.Combine(_folder, "batch.journal");

        [Fact]
        public async Task AppendsFromManyThreadsLoseNoLineAndEachIsReadableWhenAppendReturns()
        {
            const int threads = 8;
            const int perThread = 150;
            var missing = new List<string>();
            using (BatchJournal journal = BatchJournal.Open(JournalPath))
            {
                Task[] writers = Enumerable.Range(0, threads).Select(t => Task.Run(() =>
                {
                    for (int i = 0; i < perThread; i++)
                    {
                        string key = $"k{t}-{i}";
                        journal.Append(Entry(key, t * perThread + i));
                        // Another program reading the file sees the line at once.
                        if (i % 30 == 0 && !ReadAsAnotherProgram().Contains("\"key\":\"" + key + "\"", StringComparison.Ordinal))
                        {
                            lock (missing) missing.Add(key);
                        }
                    }
                })).ToArray();
                await Task.WhenAll(writers).WaitAsync(Patience);

                Assert.Empty(missing);
                Assert.Equal(threads * perThread, journal.Count);
            }

            using BatchJournal reread = BatchJournal.OpenReadOnly(JournalPath);
            Assert.Equal(threads * perThread, reread.Count);
            Assert.Equal(0, reread.IgnoredLines);
            for (int t = 0; t < threads; t++)
            {
                for (int i = 0; i < perThread; i++) Assert.Equal(JournalState.Created, reread.Find($"k{t}-{i}")?.State);
            }
        }

        [Fact]
        public void TheLatestLinePerKeyIsWhatFindGivesAndSoAfterReopening()
        {
            const string digest = "0123456789abcdef0123456789abcdef";
            using (BatchJournal journal = BatchJournal.Open(JournalPath))
            {
                journal.Append(new JournalEntry { Key = digest + "#1", State = JournalState.Submitting, Row = 1 });
                journal.Append(new JournalEntry { Key = digest + "#1", State = JournalState.Created, Id = "v1", AudioUrl = "https://a.example/1.mp3", Row = 1 });
                journal.Append(new JournalEntry { Key = digest + "#01", State = JournalState.Rejected, Row = 2 });
                journal.Append(new JournalEntry { Key = "edited by hand", State = JournalState.SpeechCompleted, Id = "s1", Row = 3 });
                Assert.Equal(JournalState.Created, journal.Find(digest + "#1")?.State);
            }

            using BatchJournal reread = BatchJournal.OpenReadOnly(JournalPath);
            Assert.Equal(3, reread.Count);
            JournalEntry? first = reread.Find(digest + "#1");
            Assert.Equal((JournalState.Created, "v1", "https://a.example/1.mp3"), (first?.State, first?.Id, first?.AudioUrl));
            Assert.Equal(JournalState.Rejected, reread.Find(digest + "#01")?.State);
            Assert.Equal("s1", reread.Find("edited by hand")?.Id);
            Assert.Null(reread.Find(digest.ToUpperInvariant() + "#1"));
        }

        [Fact]
        public void ALargeJournalIsReadBackInTimeLinearInItsLength()
        {
            // 20,000 rows, two lines each (Submitting, then Created), written as a batch run writes them.
            const int rows = 20_000;
            const string header = "{\"journal\":\"akool-batch-journal\",\"version\":1}\n";
            File.WriteAllText(JournalPath, header + Lines("k", rows), new UTF8Encoding(false));
            TimeSpan small = TimeToOpen();
            File.WriteAllText(JournalPath, header + Lines("k", rows) + Lines("m", rows), new UTF8Encoding(false));
            TimeSpan large = TimeToOpen();

            using BatchJournal journal = BatchJournal.OpenReadOnly(JournalPath);
            Assert.Equal(2 * rows, journal.Count);
            Assert.Equal("v19999", journal.Find("k19999#1")?.Id);
            Assert.Equal("v19999", journal.Find("m19999#1")?.Id);
            // Twice the lines take about twice the time; a quadratic read would take four times. Generous for load.
            Assert.True(large < small * 3.5 + TimeSpan.FromMilliseconds(200), $"20,000 rows: {small.TotalMilliseconds:0} ms, 40,000 rows: {large.TotalMilliseconds:0} ms");
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless.
            }
        }

        private TimeSpan TimeToOpen()
        {
            // Best of three, so one descheduling does not decide.
            TimeSpan best = TimeSpan.MaxValue;
            for (int i = 0; i < 3; i++)
            {
                var clock = Stopwatch.StartNew();
                using (BatchJournal.OpenReadOnly(JournalPath)) clock.Stop();
                if (clock.Elapsed < best) best = clock.Elapsed;
            }
            return best;
        }

        /// <summary>
        /// The file as another program reads it while the run holds it: on Windows through a handle sharing it; on
        /// Linux and macOS through cat, because .NET's own readers ask for the lock the run holds.
        /// </summary>
        private string ReadAsAnotherProgram()
        {
            if (OperatingSystem.IsWindows())
            {
                using var stream = new FileStream(JournalPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                return reader.ReadToEnd();
            }
            using Process cat = Process.Start(new ProcessStartInfo("cat", new[] { JournalPath }) { RedirectStandardOutput = true, UseShellExecute = false })!;
            string text = cat.StandardOutput.ReadToEnd();
            cat.WaitForExit();
            return text;
        }

        private static string Lines(string prefix, int rows)
        {
            var text = new StringBuilder();
            for (int i = 0; i < rows; i++)
            {
                text.Append("{\"key\":\"").Append(prefix).Append(i).Append("#1\",\"state\":\"Submitting\",\"row\":").Append(i).Append(",\"at\":\"2026-11-30T00:00:00+00:00\"}\n");
                text.Append("{\"key\":\"").Append(prefix).Append(i).Append("#1\",\"state\":\"Created\",\"id\":\"v").Append(i).Append("\",\"row\":").Append(i).Append(",\"at\":\"2026-11-30T00:00:00+00:00\"}\n");
            }
            return text.ToString();
        }

        private static JournalEntry Entry(string key, int row) =>
            new JournalEntry { Key = key, State = JournalState.Created, Id = "video-" + row, Row = row, Name = "clip" + row };
    }
}
