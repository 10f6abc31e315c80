using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Journal;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Journal
{
    /// <summary>
    /// The disk under the journal fills up during a run (through the journal's stand-in stream seam): the row whose
    /// line failed is not sent, nor any later one, every failure carries the module's id and advice, and every video
    /// already made is still shown.
    /// </summary>
    public sealed class JournalDiskFullTests : IDisposable
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "akool-journal-full-" + Guid.NewGuid().ToString("N"));

        public JournalDiskFullTests() => Directory.CreateDirectory(_folder);

        [Fact]
        public void AFailedWriteFailsThatAppendAndEveryLaterOneAndTheJournalStillCloses()
        {
            string path = Path.Combine(_folder, "batch.journal");
            FillsUp? disk = null;
            BatchJournal.StandIns[Path.GetFullPath(path)] = file => disk = new FillsUp(file, 1000);
            try
            {
                BatchJournal journal = BatchJournal.Open(path);
                journal.Append(new JournalEntry { Key = "a", State = JournalState.Created, Id = "v1" });
                IOException full = Assert.Throws<IOException>(() => journal.Append(new JournalEntry { Key = "b", State = JournalState.Submitting, Name = new string('n', 2000) }));
                IOException later = Assert.Throws<IOException>(() => journal.Append(new JournalEntry { Key = "c", State = JournalState.Submitting }));

                Assert.Contains("No space left", full.Message, StringComparison.Ordinal);
                Assert.Same(full, later.InnerException);
                Assert.Equal("v1", journal.Find("a")?.Id);
                Assert.Null(journal.Find("b"));
                Assert.Null(journal.Find("c"));
                long failedWrites = disk!.FailedWrites;
                journal.Dispose();
                Assert.Equal(failedWrites, disk.FailedWrites);
            }
            finally
            {
                BatchJournal.StandIns.TryRemove(Path.GetFullPath(path), out _);
            }

            // The next run reads what was written, the torn line counted as unreadable.
            using BatchJournal reread = BatchJournal.Open(path);
            Assert.Equal("v1", reread.Find("a")?.Id);
            Assert.Equal(1, reread.IgnoredLines);
        }

        [Fact]
        public async Task ADiskFillingUpDuringABatchStopsItsRowsWithTheModulesIdAndShowsEveryVideoMade()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run("Connect-Akool -BaseUri $baseUri -ApiKey $apiKey -MaximumRetryCount 1 -RetryInterval 0.05 -RequestTimeout 2\n");
            string path = Path.GetFullPath(Path.Combine(context.Folder, "batch.journal"));
            // Room for the header and about three rows (two lines of about 300 bytes each), then "No space left on device".
            BatchJournal.StandIns[path] = file => new FillsUp(file, 2000);
            ScriptResult result;
            try
            {
                result = context.Run(ModuleTestContext.Rows(8) + "$rows | New-AkoolTalkingPhoto -JournalPath ./batch.journal -ThrottleLimit 1");
            }
            finally
            {
                BatchJournal.StandIns.TryRemove(path, out _);
            }

            Assert.Null(result.TerminatingError);
            Assert.NotEmpty(result.Errors);
            Assert.All(result.Errors, e =>
            {
                Assert.Equal("AkoolJournalNotWritten", e.FullyQualifiedErrorId.Split(',')[0]);
                Assert.Equal(ErrorCategory.WriteError, e.CategoryInfo.Category);
                Assert.Contains("-JournalPath", e.Exception.Message, StringComparison.Ordinal);
            });
            int made = context.Emulator.CreateCount;
            Assert.InRange(made, 1, 7);
            Assert.Equal(8, made + result.Errors.Count);
            // Every video Akool made (and billed) is shown: passed on, and named in a warning if its line was lost.
            string shown = string.Join("\n", result.Output.Select(o => o.Properties["Id"]?.Value?.ToString())) + "\n" + string.Join("\n", result.Warnings);
            Assert.All(context.Emulator.Jobs, job => Assert.Contains(job.Id, shown, StringComparison.Ordinal));
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

        /// <summary>Writes through to <c>file</c> until <c>room</c> bytes are used, then writes what fits and fails as a full disk does.</summary>
        private sealed class FillsUp : Stream
        {
            private readonly Stream _file;
            private long _room;

            public FillsUp(Stream file, long room)
            {
                _file = file;
                _room = room;
            }

            public long FailedWrites { get; private set; }

            public override bool CanRead => false;

            public override bool CanSeek => false;

            public override bool CanWrite => true;

            public override long Length => throw new NotSupportedException();

            public override long Position
            {
                get => throw new NotSupportedException();
                set => throw new NotSupportedException();
            }

            public override void Write(byte[] buffer, int offset, int count)
            {
                int fits = (int)Math.Min(count, _room);
                _file.Write(buffer, offset, fits);
                _room -= fits;
                if (fits < count)
                {
                    FailedWrites++;
                    throw new IOException("No space left on device : '" + ((FileStream)_file).Name + "'");
                }
            }

            public override void Flush() => _file.Flush();

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();
        }
    }
}
