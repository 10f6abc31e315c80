using System;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Journal;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Journal
{
    /// <summary>
    /// One run per journal FILE: the lock is on the file, so another name for it (a symbolic or hard link) is
    /// refused as the same name is, and nothing is left beside it. What a refusal says, and a folder given as the journal.
    /// </summary>
    public sealed class JournalLockTests : IDisposable
    {
        private const string Connect = "Connect-Akool -BaseUri $baseUri -ApiKey $apiKey -MaximumRetryCount 1 -RetryInterval 0.05 -RequestTimeout 2\n";
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "akool-journal-lock-" + Guid.NewGuid().ToString("N"));

        public JournalLockTests() => Directory.CreateDirectory(_folder);

        private string JournalPath => Path.Combine(_folder, "batch.journal");

        [Fact]
        public void ASecondOpenThroughASymbolicOrAHardLinkIsRefusedWhileTheFileIsHeld()
        {
            using (BatchJournal.Open(JournalPath))
            {
            }
            string symbolic = Path.Combine(_folder, "symbolic.journal");
            string hard = Path.Combine(_folder, "hard.journal");
            File.CreateSymbolicLink(symbolic, JournalPath);
            HardLink(JournalPath, hard);

            using (BatchJournal.Open(JournalPath))
            {
                Assert.Throws<JournalInUseException>(() => BatchJournal.Open(JournalPath));
                Assert.Throws<JournalInUseException>(() => BatchJournal.Open(symbolic));
                Assert.Throws<JournalInUseException>(() => BatchJournal.Open(hard));
            }
            using (BatchJournal.Open(hard))
            {
                Assert.Throws<JournalInUseException>(() => BatchJournal.Open(JournalPath));
            }
            using (BatchJournal.Open(symbolic))
            {
            }

            Assert.Equal(new[] { "batch.journal", "hard.journal", "symbolic.journal" }, Entries());
        }

        [Fact]
        public async Task TwoCommandsOfOnePipelineGivenOneJournalAreRefusedAsThisSessionsAndNothingIsSent()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run(Connect);

            ScriptResult result = context.Run(ModuleTestContext.Rows(3) +
                "$rows | New-AkoolTalkingPhoto -JournalPath ./batch.journal | New-AkoolTalkingPhoto -JournalPath ./batch.journal -Force");

            ErrorRecord error = result.TerminatingError?.ErrorRecord ?? Assert.Single(result.Errors);
            Assert.Equal("AkoolJournalInUse", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.ResourceBusy, error.CategoryInfo.Category);
            Assert.True(Assert.IsType<JournalInUseException>(error.Exception).HeldInThisProcess, "the refusal blames another process");
            Assert.Equal(0, context.Emulator.CreateCount);
        }

        [Fact]
        public async Task AJournalHeldThroughAHardLinkRefusesTheCmdletUnderTheOtherNameAndNothingIsSent()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run(Connect);
            string path = Path.Combine(context.Folder, "batch.journal");
            using (BatchJournal.Open(path))
            {
            }
            HardLink(path, Path.Combine(context.Folder, "other-name.journal"));

            using (BatchJournal.Open(path))
            {
                ScriptResult refused = context.Run(ModuleTestContext.Rows(3) + "$rows | New-AkoolTalkingPhoto -JournalPath ./other-name.journal");

                ErrorRecord error = refused.TerminatingError?.ErrorRecord ?? Assert.Single(refused.Errors);
                Assert.Equal("AkoolJournalInUse", error.FullyQualifiedErrorId.Split(',')[0]);
                Assert.Equal(0, context.Emulator.CreateCount);
            }

            ScriptResult afterwards = context.Run(ModuleTestContext.Rows(3) + "$rows | New-AkoolTalkingPhoto -JournalPath ./other-name.journal");
            Assert.Empty(afterwards.Errors);
            Assert.Equal(3, context.Emulator.CreateCount);
        }

        [Fact]
        public async Task AFolderGivenAsTheJournalIsRefusedAsAFolderAndNothingIsLeftBehind()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run(Connect);
            string folder = Path.Combine(context.Folder, "journals");
            Directory.CreateDirectory(folder);

            ScriptResult result = context.Run(ModuleTestContext.Rows(2) + "$rows | New-AkoolTalkingPhoto -JournalPath ./journals");
            ScriptResult whatIf = context.Run(ModuleTestContext.Rows(2) + "$rows | New-AkoolTalkingPhoto -JournalPath ./journals -WhatIf");

            foreach (ScriptResult run in new[] { result, whatIf })
            {
                ErrorRecord error = run.TerminatingError?.ErrorRecord ?? Assert.Single(run.Errors);
                Assert.Equal("AkoolJournalInvalid", error.FullyQualifiedErrorId.Split(',')[0]);
                Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            }
            Assert.Equal(0, context.Emulator.CreateCount);
            Assert.False(File.Exists(folder + ".lock"), "a lock file was left beside the folder");
            Assert.Empty(Directory.GetFileSystemEntries(folder));
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

        /// <summary>A second name for <paramref name="target"/>'s file (.NET has no API for hard links).</summary>
        internal static void HardLink(string target, string link)
        {
            using Process process = OperatingSystem.IsWindows()
                ? Process.Start(new ProcessStartInfo("cmd.exe", new[] { "/c", "mklink", "/H", link, target }) { UseShellExecute = false })!
                : Process.Start(new ProcessStartInfo("ln", new[] { target, link }) { UseShellExecute = false })!;
            process.WaitForExit();
            Assert.True(process.ExitCode == 0 && File.Exists(link), "could not make the hard link " + link);
        }

        private string[] Entries()
        {
            string[] names = Array.ConvertAll(Directory.GetFileSystemEntries(_folder), n => Path.GetFileName(n)!);
            Array.Sort(names, StringComparer.Ordinal);
            return names;
        }
    }
}
