using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Threading.Tasks;
using Akool.Emulator;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Pipeline
{
    /// <summary>Issue 15: New-AkoolSpeech's speeches are saved as MP3 files by Save-AkoolSpeech, through the safe downloader.</summary>
    public sealed class SaveAkoolSpeechTests
    {
        private const string SpeakHello = "New-AkoolSpeech -Text 'Hello there.' -Voice Alice -Name hello -Wait";

        private static Task<ModuleTestContext> StartFastAsync() => ModuleTestContext.StartAsync(o =>
        {
            o.QueueTime = TimeSpan.FromMilliseconds(100);
            o.ProcessingTime = TimeSpan.FromMilliseconds(400);
        });

        private static async Task<byte[]> ServedBytesAsync(string url)
        {
            using var http = new HttpClient();
            return await http.GetByteArrayAsync(new Uri(url));
        }

        private static string ErrorId(ErrorRecord error) => error.FullyQualifiedErrorId.Split(',')[0];

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
        public async Task SpeechStillBeingSpokenIsReportedNotSaved()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync(o =>
            {
                o.QueueTime = TimeSpan.FromMinutes(5);
                o.ProcessingTime = TimeSpan.FromMinutes(5);
            });
            context.Connect();

            ScriptResult result = context.Run("New-AkoolSpeech -Text 'Not yet.' -Voice Brian -Name notyet | Save-AkoolSpeech -Destination ./speech");

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("AkoolVideoNotCompleted", ErrorId(error));
            Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
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
    }
}
