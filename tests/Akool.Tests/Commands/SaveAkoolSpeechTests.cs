using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Threading.Tasks;
using Akool.Emulator;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Commands
{
    /// <summary>
    /// Issue 15: New-AkoolSpeech's speeches are saved as MP3 files by Save-AkoolSpeech, through the safe downloader;
    /// with -SkipExisting and a progress bar, as Save-AkoolVideo has.
    /// </summary>
    public sealed class SaveAkoolSpeechTests
    {
        private const string SpeakHello = "New-AkoolSpeech -Text 'Hello there.' -Voice Alice -Name hello -Wait";

        private static Task<ModuleTestContext> StartFastAsync() => ModuleTestContext.StartAsync(o =>
        {
            // Spoken within a few of the harness's quick polls.
            o.QueueTime = TimeSpan.Zero;
            o.ProcessingTime = TimeSpan.FromMilliseconds(150);
        });

        /// <summary>An emulator that takes minutes to speak: every speech stays unfinished, without a URL, for the whole test.</summary>
        private static Task<ModuleTestContext> StartNeverSpokenAsync() => ModuleTestContext.StartAsync(o =>
        {
            o.QueueTime = TimeSpan.FromMinutes(5);
            o.ProcessingTime = TimeSpan.FromMinutes(5);
        });

        private static async Task<byte[]> ServedBytesAsync(string url)
        {
            using var http = new HttpClient();
            return await http.GetByteArrayAsync(new Uri(url));
        }

        private static string ErrorId(ErrorRecord error) => error.FullyQualifiedErrorId.Split(',')[0];

        /// <summary>Connects, then makes two spoken speeches, hello and bye, in one run.</summary>
        private static AkoolSpeech[] ConnectAndSpeakTwo(ModuleTestContext context)
        {
            context.Connect();
            ScriptResult spoken = context.Run(SpeakHello + "\nNew-AkoolSpeech -Text 'Goodbye for now.' -Voice Brian -Name bye -Wait");
            Assert.Empty(spoken.Errors);
            AkoolSpeech[] speeches = spoken.OutputOf<AkoolSpeech>().ToArray();
            Assert.Equal(2, speeches.Length);
            Assert.All(speeches, s => Assert.Equal(AkoolSpeechStatus.Completed, s.Status));
            return speeches;
        }

        /// <summary>How many speech MP3s the emulator has served whole (-SkipExisting's checks ask for a few bytes: 206).</summary>
        private static int SpeechDownloads(ModuleTestContext context) =>
            context.Emulator.Requests.Count(r => r.Endpoint == EmulatorEndpoints.Download && r.Method == "GET" && r.StatusCode == 200 && r.Path.StartsWith("/speech/", StringComparison.Ordinal));

        /// <summary>How many times a speech was read from Akool (the detail endpoint).</summary>
        private static int SpeechReads(ModuleTestContext context) => context.Emulator.Requests.Count(r => r.Endpoint == EmulatorEndpoints.SpeechDetail);

        /// <summary>
        /// Rows as Import-Csv reads back an Export-Csv of New-AkoolSpeech's output: every column a string, among them
        /// Id and Name (and a Status and AudioUrl that are only text now).
        /// </summary>
        private const string ExportedRows =
            "$rows = $s | ForEach-Object { [pscustomobject]@{ Id = $_.Id; Status = [string]$_.Status; Name = ('row-' + $_.Name); AudioUrl = $_.AudioUrl; Voice = $_.Voice } }\n";

        [Fact]
        public async Task NothingToSaveCreatesNoFolder()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();

            ScriptResult result = context.Run("@() | Save-AkoolSpeech -Destination ./speech");

            Assert.Empty(result.Errors);
            Assert.Empty(result.Output);
            Assert.False(Directory.Exists(Path.Combine(context.Folder, "speech")));
        }

        [Fact]
        public async Task SpokenSpeechIsSavedAsItsNameWithTheServedBytes()
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect();

            ScriptResult result = context.Run("$speech = " + SpeakHello + "\n$speech\n$speech | Save-AkoolSpeech -Destination ./speech");

            Assert.Null(result.TerminatingError);
            Assert.Empty(result.Errors);
            AkoolSpeech speech = Assert.Single(result.OutputOf<AkoolSpeech>());
            FileInfo file = Assert.Single(result.OutputOf<FileInfo>());
            // As Get-Item gives it: through the FileSystem provider, so pwsh shows its folder, mode and length.
            PSObject written = result.Output.Single(o => o.BaseObject is FileInfo);
            Assert.Equal("FileSystem", Assert.IsType<ProviderInfo>(written.Properties["PSProvider"].Value).Name);
            Assert.Equal("Microsoft.PowerShell.Core\\FileSystem::" + Path.Combine(context.Folder, "speech"), written.Properties["PSParentPath"].Value);
            string expected = Path.Combine(context.Folder, "speech", "hello.mp3");
            Assert.Equal(expected, file.FullName);
            byte[] served = await ServedBytesAsync(speech.Url!);
            Assert.NotEmpty(served);
            Assert.Equal(served, File.ReadAllBytes(expected));
            Assert.Equal(new[] { "hello.mp3" }, Directory.GetFiles(Path.Combine(context.Folder, "speech")).Select(Path.GetFileName).ToArray());
        }

        [Fact]
        public async Task NewAkoolSpeechWaitPipesStraightIntoSaveAkoolSpeech()
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect();

            ScriptResult result = context.Run(SpeakHello + " | Save-AkoolSpeech -Destination ./speech");

            Assert.Empty(result.Errors);
            FileInfo file = Assert.Single(result.OutputOf<FileInfo>());
            Assert.Equal("hello.mp3", file.Name);
            EmulatedSpeech emulated = Assert.Single(context.Emulator.SpeechJobs);
            byte[] served = await ServedBytesAsync(new Uri(context.Emulator.BaseUri, "speech/" + Uri.EscapeDataString(emulated.Id) + ".mp3").AbsoluteUri);
            Assert.Equal(served, File.ReadAllBytes(file.FullName));
        }

        [Fact]
        public async Task ExistingFileIsRefusedWithoutForceAndReplacedWithIt()
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect();
            string folder = Path.Combine(context.Folder, "speech");
            Directory.CreateDirectory(folder);
            string target = Path.Combine(folder, "hello.mp3");
            File.WriteAllText(target, "mine");

            ScriptResult refused = context.Run("$speech = " + SpeakHello + "\n$speech | Save-AkoolSpeech -Destination ./speech");

            ErrorRecord error = Assert.Single(refused.Errors);
            Assert.Equal("AkoolFileExists", ErrorId(error));
            Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
            Assert.Empty(refused.OutputOf<FileInfo>());
            Assert.Equal("mine", File.ReadAllText(target));

            ScriptResult forced = context.Run("$speech = " + SpeakHello + "\n$speech | Save-AkoolSpeech -Destination ./speech -Force");

            Assert.Empty(forced.Errors);
            Assert.Single(forced.OutputOf<FileInfo>());
            Assert.NotEqual("mine", File.ReadAllText(target));
        }

        [Fact]
        public async Task SpeechSavedWithoutWaitIsReadAgainAndSavedOnceSpoken()
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect();

            ScriptResult created = context.Run("New-AkoolSpeech -Text 'Later.' -Voice Brian -Name later");
            AkoolSpeech speech = Assert.Single(created.OutputOf<AkoolSpeech>());
            Assert.NotEqual(AkoolSpeechStatus.Completed, speech.Status);
            Assert.Null(speech.Url);
            EmulatedSpeech emulated = Assert.Single(context.Emulator.SpeechJobs);
            Eventually.True(() => emulated.Status == (int)AkoolSpeechStatus.Completed, TimeSpan.FromSeconds(10), "the speech is spoken");

            ScriptResult saved = context.Run("$s | Save-AkoolSpeech -Destination ./speech", new() { ["s"] = speech });

            Assert.Empty(saved.Errors);
            FileInfo file = Assert.Single(saved.OutputOf<FileInfo>());
            Assert.Equal("later.mp3", file.Name);
            Assert.True(file.Length > 0);
        }

        [Fact]
        public async Task SpeechStillBeingSpokenAtTheEndOfTimeoutIsReportedNotSaved()
        {
            await using ModuleTestContext context = await StartNeverSpokenAsync();
            context.Connect();

            ScriptResult result = context.Run("New-AkoolSpeech -Text 'Not yet.' -Voice Brian -Name notyet | Save-AkoolSpeech -Destination ./speech -Timeout 1");

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("AkoolSpeechNotCompleted", ErrorId(error));
            Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
            Assert.Empty(result.OutputOf<FileInfo>());
            Assert.Empty(Directory.GetFiles(Path.Combine(context.Folder, "speech")));
        }

        [Fact]
        public async Task FailedSpeechIsReportedAsSpeechFailed()
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect();

            ScriptResult created = context.Run("New-AkoolSpeech -Text 'Please akool-fail.' -Voice Brian -Name broken");
            AkoolSpeech speech = Assert.Single(created.OutputOf<AkoolSpeech>());
            EmulatedSpeech emulated = Assert.Single(context.Emulator.SpeechJobs);
            Eventually.True(() => emulated.Status == (int)AkoolSpeechStatus.Failed, TimeSpan.FromSeconds(10), "the speech has failed");

            ScriptResult result = context.Run("$s | Save-AkoolSpeech -Destination ./speech", new() { ["s"] = speech });

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("AkoolSpeechFailed", ErrorId(error));
            Assert.Equal(ErrorCategory.InvalidResult, error.CategoryInfo.Category);
            Assert.Empty(result.OutputOf<FileInfo>());
        }

        [Fact]
        public async Task ReRunWithSkipExistingEmitsTheSavedFilesAndDownloadsOnlyTheMissingOne()
        {
            await using ModuleTestContext context = await StartFastAsync();
            AkoolSpeech[] speeches = ConnectAndSpeakTwo(context);
            string folder = Path.Combine(context.Folder, "speech");
            ScriptResult first = context.Run("$s | Save-AkoolSpeech -Destination ./speech", new() { ["s"] = speeches });
            Assert.Empty(first.Errors);
            Assert.Equal(2, first.OutputOf<FileInfo>().Count);
            Assert.Equal(2, SpeechDownloads(context));
            string hello = Path.Combine(folder, "hello.mp3");
            byte[] helloBytes = File.ReadAllBytes(hello);
            DateTime helloWritten = File.GetLastWriteTimeUtc(hello);

            ScriptResult again = context.Run("$s | Save-AkoolSpeech -Destination ./speech -SkipExisting", new() { ["s"] = speeches });

            Assert.Null(again.TerminatingError);
            Assert.Empty(again.Errors);
            Assert.Equal(new[] { "bye.mp3", "hello.mp3" }, again.OutputOf<FileInfo>().Select(f => f.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray());
            Assert.Equal(2, SpeechDownloads(context));
            Assert.Equal(helloBytes, File.ReadAllBytes(hello));
            Assert.Equal(helloWritten, File.GetLastWriteTimeUtc(hello));

            // A run that was cut short: one file saved, one missing. Only the missing one is downloaded.
            File.Delete(Path.Combine(folder, "bye.mp3"));
            ScriptResult resumed = context.Run("$s | Save-AkoolSpeech -Destination ./speech -SkipExisting", new() { ["s"] = speeches });

            Assert.Empty(resumed.Errors);
            Assert.Equal(2, resumed.OutputOf<FileInfo>().Count);
            Assert.Equal(3, SpeechDownloads(context));
            Assert.Equal(await ServedBytesAsync(speeches.Single(s => s.Name == "bye").Url!), File.ReadAllBytes(Path.Combine(folder, "bye.mp3")));
            Assert.Equal(helloWritten, File.GetLastWriteTimeUtc(hello));
        }

        [Fact]
        public async Task SkipExistingReportsAFileThatCannotBeTheSpeechAndLeavesItUntouched()
        {
            await using ModuleTestContext context = await StartFastAsync();
            AkoolSpeech[] speeches = ConnectAndSpeakTwo(context);
            string folder = Path.Combine(context.Folder, "speech");
            Directory.CreateDirectory(folder);
            // hello.mp3 starts like the real MP3 but is cut short: only the length, asked of the server, gives it away.
            byte[] served = await ServedBytesAsync(speeches.Single(s => s.Name == "hello").Url!);
            byte[] cut = served.Take(served.Length - 144).ToArray();
            File.WriteAllBytes(Path.Combine(folder, "hello.mp3"), cut);
            // bye.mp3 is not an MP3 at all.
            File.WriteAllText(Path.Combine(folder, "bye.mp3"), "mine");
            int downloadsBefore = SpeechDownloads(context);

            ScriptResult result = context.Run("$s | Save-AkoolSpeech -Destination ./speech -SkipExisting", new() { ["s"] = speeches });

            Assert.Null(result.TerminatingError);
            Assert.Empty(result.OutputOf<FileInfo>());
            Assert.Equal(new[] { "AkoolFileExists", "AkoolFileExists" }, result.ErrorIds);
            Assert.All(result.Errors, e => Assert.Equal(ErrorCategory.ResourceExists, e.CategoryInfo.Category));
            Assert.Equal(cut, File.ReadAllBytes(Path.Combine(folder, "hello.mp3")));
            Assert.Equal("mine", File.ReadAllText(Path.Combine(folder, "bye.mp3")));
            Assert.Equal(new[] { "bye.mp3", "hello.mp3" }, Directory.GetFiles(folder).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray());
            Assert.Equal(downloadsBefore, SpeechDownloads(context));
        }

        [Fact]
        public async Task SkipExistingNeverTakesAFileAsSavedForASpeechThatIsNotSpokenYet()
        {
            await using ModuleTestContext context = await StartNeverSpokenAsync();
            context.Connect();
            AkoolSpeech[] speeches = context.Run("New-AkoolSpeech -Text 'One.' -Voice Brian -Name one\nNew-AkoolSpeech -Text 'Two.' -Voice Brian -Name two")
                .OutputOf<AkoolSpeech>().ToArray();
            Assert.Equal(2, speeches.Length);
            Assert.All(speeches, s => Assert.Null(s.Url));
            string folder = Path.Combine(context.Folder, "speech");
            Directory.CreateDirectory(folder);
            // A file that starts like an MP3 is not proof: with no served file to compare, nothing is taken as saved.
            byte[] mp3 = new byte[] { (byte)'I', (byte)'D', (byte)'3', 3, 0, 0, 0, 0, 0, 0, 0xFF, 0xFB, 0x18, 0xC0 };
            File.WriteAllBytes(Path.Combine(folder, "one.mp3"), mp3);
            File.WriteAllText(Path.Combine(folder, "two.mp3"), "<html>not found</html>");

            ScriptResult result = context.Run("$s | Save-AkoolSpeech -Destination ./speech -SkipExisting -Timeout 1", new() { ["s"] = speeches });

            Assert.Empty(result.OutputOf<FileInfo>());
            Assert.Equal(new[] { "AkoolSpeechNotCompleted", "AkoolSpeechNotCompleted" }, result.ErrorIds);
            Assert.All(result.Errors, e => Assert.Equal(ErrorCategory.OperationTimeout, e.CategoryInfo.Category));
            Assert.Equal("<html>not found</html>", File.ReadAllText(Path.Combine(folder, "two.mp3")));
            Assert.Equal(mp3, File.ReadAllBytes(Path.Combine(folder, "one.mp3")));
        }

        [Fact]
        public async Task ForceWithSkipExistingIsRefusedBeforeAnythingIsSaved()
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect();

            AkoolSpeech speech = Assert.Single(context.Run(SpeakHello).OutputOf<AkoolSpeech>());

            // try/catch catches only a terminating error, so the caught record shows the refusal dooms the whole run.
            ScriptResult result = context.Run("try { $s | Save-AkoolSpeech -Destination ./speech -Force -SkipExisting } catch { $_ }", new() { ["s"] = speech });

            Assert.Empty(result.Errors);
            ErrorRecord error = Assert.Single(result.OutputOf<ErrorRecord>());
            Assert.Equal("AkoolInvalidArgument", ErrorId(error));
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Empty(result.OutputOf<FileInfo>());
            Assert.Equal(0, SpeechDownloads(context));
            Assert.False(File.Exists(Path.Combine(context.Folder, "speech", "hello.mp3")));
        }

        [Fact]
        public async Task SavingShowsAProgressBarThatIsClosedAtTheEnd()
        {
            await using ModuleTestContext context = await StartFastAsync();
            AkoolSpeech[] speeches = ConnectAndSpeakTwo(context);

            ScriptResult result = context.Run("$s | Save-AkoolSpeech -Destination ./speech", new() { ["s"] = speeches });

            Assert.Empty(result.Errors);
            Assert.Equal(2, result.OutputOf<FileInfo>().Count);
            var saving = result.Progress.Where(p => p.Activity == "Saving Akool speeches").ToList();
            Assert.Contains(saving, p => p.RecordType == ProgressRecordType.Processing && p.StatusDescription.Contains(" saved, ", StringComparison.Ordinal));
            Assert.Single(saving, p => p.RecordType == ProgressRecordType.Completed);
            Assert.Equal(ProgressRecordType.Completed, saving.Last().RecordType);
            Assert.Single(saving.Select(p => p.ActivityId).Distinct());
            Assert.DoesNotContain(result.Progress, p => p.Activity == "Saving Akool videos");
        }

        [Fact]
        public async Task ASpeechWhoseUrlNoLongerAnswersIsSavedFromTheUrlAkoolGivesNow()
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect();
            AkoolSpeech speech = Assert.Single(context.Run(SpeakHello).OutputOf<AkoolSpeech>());
            string current = speech.Url!;
            // As an object kept from an earlier session whose URL the server no longer serves (a signed URL that ran out).
            typeof(AkoolSpeech).GetProperty(nameof(AkoolSpeech.Url))!.SetValue(speech, new Uri(context.Emulator.BaseUri, "speech/rotated.mp3").AbsoluteUri);

            ScriptResult result = context.Run("$s | Save-AkoolSpeech -Destination ./speech", new() { ["s"] = speech });

            Assert.Empty(result.Errors);
            Assert.Single(result.OutputOf<FileInfo>());
            Assert.Equal(await ServedBytesAsync(current), File.ReadAllBytes(Path.Combine(context.Folder, "speech", "hello.mp3")));
        }

        [Fact]
        public async Task ASpeechAkoolNoLongerServesIsAnExpiredSpeechErrorAndLeavesNoFile()
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect();
            context.Emulator.Clock.Offset = -context.Emulator.Options.ResultLifetime - TimeSpan.FromDays(1);
            AkoolSpeech speech = Assert.Single(context.Run(SpeakHello).OutputOf<AkoolSpeech>());
            context.Emulator.Clock.Offset = TimeSpan.Zero;

            ScriptResult result = context.Run("$s | Save-AkoolSpeech -Destination ./speech", new() { ["s"] = speech });

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("AkoolSpeechExpired", ErrorId(error));
            Assert.Equal(ErrorCategory.ResourceUnavailable, error.CategoryInfo.Category);
            Assert.Contains("hello", error.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.Contains("New-AkoolSpeech", error.Exception.Message, StringComparison.Ordinal);
            // A runbook logs $_.Exception.Message: it too speaks of the speech's file, never of a video.
            Assert.DoesNotContain("video", error.ErrorDetails.Message, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("video", error.Exception.Message, StringComparison.OrdinalIgnoreCase);
            ScriptResult.AdviceSaidOnce(error);
            Assert.Empty(result.OutputOf<FileInfo>());
            Assert.Empty(Directory.GetFiles(Path.Combine(context.Folder, "speech")));
        }

        [Fact]
        public async Task SpeechIdsByValueAreReadFromAkoolAndSavedAsTheirIds()
        {
            await using ModuleTestContext context = await StartFastAsync();
            AkoolSpeech[] speeches = ConnectAndSpeakTwo(context);
            int readsBefore = SpeechReads(context);

            ScriptResult result = context.Run("Save-AkoolSpeech -Id $a, $b -Destination ./speech", new() { ["a"] = speeches[0].Id, ["b"] = speeches[1].Id });

            Assert.Null(result.TerminatingError);
            Assert.Empty(result.Errors);
            Assert.Equal(speeches.Select(s => s.Id + ".mp3").OrderBy(n => n, StringComparer.Ordinal),
                result.OutputOf<FileInfo>().Select(f => f.Name).OrderBy(n => n, StringComparer.Ordinal));
            foreach (AkoolSpeech speech in speeches)
            {
                Assert.Equal(await ServedBytesAsync(speech.Url!), File.ReadAllBytes(Path.Combine(context.Folder, "speech", speech.Id + ".mp3")));
            }
            // An id carries no state: each was read from Akool before its download.
            Assert.Equal(readsBefore + 2, SpeechReads(context));
        }

        [Fact]
        public async Task ExportedRowsBindToIdAndNameAndAreSavedAsTheirNamesWithTheServedBytes()
        {
            await using ModuleTestContext context = await StartFastAsync();
            AkoolSpeech[] speeches = ConnectAndSpeakTwo(context);

            ScriptResult result = context.Run(ExportedRows + "$rows | Save-AkoolSpeech -Destination ./speech", new() { ["s"] = speeches });

            Assert.Null(result.TerminatingError);
            Assert.Empty(result.Errors);
            string folder = Path.Combine(context.Folder, "speech");
            Assert.Equal(new[] { "row-bye.mp3", "row-hello.mp3" }, Directory.GetFiles(folder).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray());
            Assert.Equal(2, result.OutputOf<FileInfo>().Count);
            foreach (AkoolSpeech speech in speeches)
            {
                Assert.Equal(await ServedBytesAsync(speech.Url!), File.ReadAllBytes(Path.Combine(folder, "row-" + speech.Name + ".mp3")));
            }
        }

        [Fact]
        public async Task PipedSpeechesBindToInputObjectNotToTheirIdProperty()
        {
            await using ModuleTestContext context = await StartFastAsync();
            AkoolSpeech[] speeches = ConnectAndSpeakTwo(context);
            int readsBefore = SpeechReads(context);

            ScriptResult result = context.Run("$s | Save-AkoolSpeech -Destination ./speech", new() { ["s"] = speeches });

            Assert.Empty(result.Errors);
            Assert.Equal(new[] { "bye.mp3", "hello.mp3" }, result.OutputOf<FileInfo>().Select(f => f.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray());
            // Bound as speeches, they are known Completed with a URL and saved as they are; bound by their Id property
            // (the Id parameter set), each would have been read from Akool again.
            Assert.Equal(readsBefore, SpeechReads(context));
        }

        [Theory]
        [InlineData("two words")]
        [InlineData("line\nbreak")]
        [InlineData("   ")]
        public async Task AnIdThatCannotBeOneIsReportedWithoutAskingAkoolWhileTheGoodOneIsSaved(string bad)
        {
            await using ModuleTestContext context = await StartFastAsync();
            context.Connect();
            AkoolSpeech speech = Assert.Single(context.Run(SpeakHello).OutputOf<AkoolSpeech>());
            int readsBefore = SpeechReads(context);

            ScriptResult result = context.Run("Save-AkoolSpeech -Id $bad, $good -Destination ./speech", new() { ["bad"] = bad, ["good"] = speech.Id });

            Assert.Null(result.TerminatingError);
            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("AkoolInvalidInput", ErrorId(error));
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Equal(bad, error.TargetObject);
            Assert.Equal(speech.Id + ".mp3", Assert.Single(result.OutputOf<FileInfo>()).Name);
            Assert.Equal(readsBefore + 1, SpeechReads(context));
            Assert.DoesNotContain(context.Emulator.Requests, r => r.Endpoint == EmulatorEndpoints.SpeechDetail && !r.Path.EndsWith("/" + Uri.EscapeDataString(speech.Id), StringComparison.Ordinal));
        }

        [Fact]
        public async Task AnIdAkoolDoesNotKnowIsReportedByIdAndTheOthersAreSaved()
        {
            const string Unknown = "000000000000000000000000";
            await using ModuleTestContext context = await StartFastAsync();
            AkoolSpeech[] speeches = ConnectAndSpeakTwo(context);

            ScriptResult result = context.Run("Save-AkoolSpeech -Id $a, $unknown, $b -Destination ./speech",
                new() { ["a"] = speeches[0].Id, ["unknown"] = Unknown, ["b"] = speeches[1].Id });

            Assert.Null(result.TerminatingError);
            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("AkoolSpeechNotFound", ErrorId(error));
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Equal(Unknown, Assert.IsType<AkoolSpeech>(error.TargetObject).Id);
            Assert.DoesNotContain("video", error.ErrorDetails.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(Unknown, error.ErrorDetails.Message, StringComparison.Ordinal);
            ScriptResult.AdviceSaidOnce(error);
            Assert.Equal(speeches.Select(s => s.Id + ".mp3").OrderBy(n => n, StringComparer.Ordinal),
                result.OutputOf<FileInfo>().Select(f => f.Name).OrderBy(n => n, StringComparer.Ordinal));
            Assert.False(File.Exists(Path.Combine(context.Folder, "speech", Unknown + ".mp3")));
        }
    }
}
