using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Commands
{
    /// <summary>One Azurite for the upload tests of a class: starting node costs a second or two.</summary>
    public sealed class AzuriteFixture : IDisposable
    {
        private readonly Lazy<Azurite> _azurite = new Lazy<Azurite>(Azurite.Start);

        public Azurite Azurite => _azurite.Value;

        public void Dispose()
        {
            if (_azurite.IsValueCreated) _azurite.Value.Dispose();
        }
    }

    /// <summary>New-AkoolTalkingPhoto with local files (-PhotoPath, -AudioPath), stored in Azurite (-UploadUri) or by -Uploader.</summary>
    public sealed class UploadTests : IClassFixture<AzuriteFixture>
    {
        private const string Pipeline = "$rows | New-AkoolTalkingPhoto -UploadUri $upload -UploadReadSas $read -JournalPath ./run.journal";

        private readonly Azurite _azurite;

        public UploadTests(AzuriteFixture fixture) => _azurite = fixture.Azurite;

        [Fact]
        public async Task EachDistinctFileIsUploadedOnceAndARerunWithTheJournalUploadsAndBillsNothing()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();
            Uri container = await _azurite.CreateContainerAsync(NewContainerName());
            string write = Azurite.ContainerSas(container, "cw");
            string read = Azurite.ContainerSas(container, "r");
            // Five rows over two photos; the fifth row repeats the first one's files under another Name.
            WriteMedia(context.Folder);
            string rows = Rows("Name,PhotoPath,AudioPath",
                "one,./media/face1.jpg,./media/voice1.mp3", "two,media/face2.png,./media/voice2.mp3",
                "three,./media/face1.jpg,./media/voice3.mp3", "four,./media/face2.png,./media/voice4.mp3",
                "five,./media/face1.jpg,./media/voice1.mp3");
            var variables = new Dictionary<string, object?> { ["upload"] = $"{container}?{write}", ["read"] = read };
            int putsBefore = _azurite.PutBlobCount();

            ScriptResult first = context.Run(rows + Pipeline + " | Wait-AkoolVideo -PollInterval 0.5 | Save-AkoolVideo -Destination ./videos", variables);

            Assert.Empty(first.Errors);
            Assert.Equal(5, first.OutputOf<FileInfo>().Count);
            var uploading = first.Progress.Where(p => p.Activity == "Uploading files for Akool").ToList();
            Assert.Contains(uploading, p => p.StatusDescription.Contains(" MB", StringComparison.Ordinal));
            Assert.Equal(ProgressRecordType.Completed, uploading.Last().RecordType);
            Assert.Equal(5, context.Emulator.CreateCount);
            string[] blobs = await Azurite.ListAsync(container);
            Assert.Equal(6, blobs.Length);
            Assert.Contains(Sha256(Path.Combine(context.Folder, "media", "face2.png")) + ".png", blobs);
            Eventually.True(() => _azurite.PutBlobCount() - putsBefore >= 6, TimeSpan.FromSeconds(10), "Azurite logging the writes");
            Assert.Equal(6, _azurite.PutBlobCount() - putsBefore);
            Assert.All(context.Emulator.Jobs, job =>
            {
                Assert.StartsWith(container + "/", job.TalkingPhotoUrl, StringComparison.Ordinal);
                Assert.EndsWith("?" + read, job.TalkingPhotoUrl, StringComparison.Ordinal);
                Assert.EndsWith(".mp3?" + read, job.AudioUrl, StringComparison.Ordinal);
            });

            // What Akool received reads the file and cannot write into the container.
            using var http = new HttpClient();
            string photoUrl = context.Emulator.Jobs.First().TalkingPhotoUrl;
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(photoUrl)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, await TryWriteAsync(http, photoUrl));
            Assert.Equal(HttpStatusCode.Forbidden, await TryWriteAsync(http, photoUrl.Replace("/" + blobs[0], "/written-by-akool.jpg", StringComparison.Ordinal)));

            string[] written = await Azurite.ListAsync(container, etags: true);
            // A new read SAS (another expiry) does not make the rows new: they are known by their files' content.
            variables["read"] = Azurite.ContainerSas(container, "r", hours: 3);
            ScriptResult again = context.Run(rows + Pipeline + " | Wait-AkoolVideo -PollInterval 0.5", variables);

            Assert.Empty(again.Errors);
            Assert.Equal(5, again.OutputOf<AkoolVideo>().Count);
            Assert.Equal(5, context.Emulator.CreateCount);
            Assert.Equal(written, await Azurite.ListAsync(container, etags: true));
        }

        [Fact]
        public async Task TheExampleCsvOfLocalFilesMakesOneVideoPerRowFromTheRepositoryRoot()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();
            Uri container = await _azurite.CreateContainerAsync(NewContainerName());
            string rows = Rows(File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "examples", "local.csv")));

            context.Shell.Runspace.SessionStateProxy.Path.SetLocation(RepositoryPaths.Root);

            ScriptResult result = context.Run(rows +
                "$rows | New-AkoolTalkingPhoto -UploadUri $upload -UploadReadSas $read | Wait-AkoolVideo -PollInterval 0.5 | Save-AkoolVideo -Destination $videos",
                new Dictionary<string, object?> { ["videos"] = Path.Combine(context.Folder, "videos"), ["upload"] = $"{container}?{Azurite.ContainerSas(container, "cw")}", ["read"] = Azurite.ContainerSas(container, "r") });

            Assert.Empty(result.Errors);
            Assert.Equal(new[] { "goodbye.mp4", "welcome-again.mp4", "welcome.mp4" }, context.Videos().Select(Path.GetFileName).ToArray());
            Assert.Equal(3, (await Azurite.ListAsync(container)).Length);
        }

        [Fact]
        public async Task AnUploadTheJournalRecordsIsNotRepeatedForANewRow()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();
            Uri container = await _azurite.CreateContainerAsync(NewContainerName());
            WriteMedia(context.Folder);
            string rows = Rows("Name,PhotoPath,AudioPath", "one,./media/face1.jpg,./media/voice1.mp3");
            var variables = new Dictionary<string, object?> { ["upload"] = $"{container}?{Azurite.ContainerSas(container, "cw")}", ["read"] = Azurite.ContainerSas(container, "r") };
            Assert.Empty(context.Run(rows + Pipeline, variables).Errors);
            string[] before = await Azurite.ListAsync(container, etags: true);

            rows = Rows("Name,PhotoPath,AudioPath", "one,./media/face1.jpg,./media/voice1.mp3", "two,./media/face1.jpg,./media/voice2.mp3");
            ScriptResult result = context.Run(rows + Pipeline + " -Verbose", variables);

            Assert.Empty(result.Errors);
            Assert.Equal(2, context.Emulator.CreateCount);
            string[] after = await Azurite.ListAsync(container, etags: true);
            Assert.Equal(3, after.Length);
            Assert.Subset(after.ToHashSet(), before.ToHashSet());
        }

        [Fact]
        public async Task WithoutAReadSasAkoolGetsTheBareBlobUrlOfAPublicContainerWhichCannotWrite()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();
            Uri container = await _azurite.CreateContainerAsync(NewContainerName(), publicBlobs: true);
            WriteMedia(context.Folder);

            ScriptResult result = context.Run("New-AkoolTalkingPhoto -PhotoPath ./media/face1.jpg -AudioPath ./media/voice1.mp3 -UploadUri $upload",
                new Dictionary<string, object?> { ["upload"] = new Uri($"{container}?{Azurite.ContainerSas(container, "cw")}") });

            Assert.Empty(result.Errors);
            var job = Assert.Single(context.Emulator.Jobs);
            Assert.Equal($"{container}/{Sha256(Path.Combine(context.Folder, "media", "face1.jpg"))}.jpg", job.TalkingPhotoUrl);
            using var http = new HttpClient();
            Assert.Equal(File.ReadAllBytes(Path.Combine(context.Folder, "media", "face1.jpg")), await http.GetByteArrayAsync(job.TalkingPhotoUrl));
            Assert.Equal(HttpStatusCode.Forbidden, await TryWriteAsync(http, job.TalkingPhotoUrl));
        }

        [Fact]
        public async Task NoSasAppearsInAnyStreamErrorJournalOrRequestToAkool()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();
            Uri container = await _azurite.CreateContainerAsync(NewContainerName());
            var missing = new Uri(_azurite.Endpoint + "/" + NewContainerName());
            string write = Azurite.ContainerSas(container, "cw");
            string read = Azurite.ContainerSas(container, "r");
            string missingWrite = Azurite.ContainerSas(missing, "cw");
            WriteMedia(context.Folder);
            string rows = Rows("Name,PhotoPath,AudioPath", "one,./media/face1.jpg,./media/voice1.mp3", "gone,./media/nothing.jpg,./media/voice2.mp3");

            ScriptResult result = context.Run(
                rows + "$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'\n" +
                Pipeline + "\n" +
                "$rows | New-AkoolTalkingPhoto -UploadUri $missing -JournalPath ./other.journal\n" +
                "New-AkoolTalkingPhoto -PhotoPath ./media/face1.jpg -AudioPath ./media/voice1.mp3 -UploadUri $upload -UploadReadSas $write",
                new Dictionary<string, object?> { ["upload"] = $"{container}?{write}", ["read"] = read, ["write"] = write, ["missing"] = $"{missing}?{missingWrite}" });

            Assert.Contains("AkoolInputFileNotFound", result.ErrorIds);
            Assert.Contains("AkoolUploadFailed", result.ErrorIds);
            Assert.Equal("AkoolUploadTargetInvalid", result.ErrorIds.Last());
            Assert.NotEmpty(result.Verbose);
            string everything = result.AllText() + result.TerminatingError + string.Join("\n", result.Errors.Select(e => e.ErrorDetails?.RecommendedAction + e.CategoryInfo + e.Exception?.InnerException))
                + File.ReadAllText(Path.Combine(context.Folder, "run.journal")) + File.ReadAllText(Path.Combine(context.Folder, "other.journal"));
            foreach (string sas in new[] { write, read, missingWrite })
            {
                Assert.DoesNotContain(SigOf(sas), everything, StringComparison.Ordinal);
                Assert.DoesNotContain(Uri.UnescapeDataString(SigOf(sas)), everything, StringComparison.Ordinal);
            }
            // Any signature at all, not only these: the -Debug trace may name the parameter, never its value ("sig=***").
            System.Text.RegularExpressions.Match shown = System.Text.RegularExpressions.Regex.Match(everything, @"sig=(?!\*\*\*)");
            Assert.False(shown.Success, shown.Success ? "A SAS shows: " + everything.Substring(Math.Max(0, shown.Index - 300), 320) : null);
            Assert.Contains("sig=***", everything, StringComparison.Ordinal);
            // Akool's API is given the read SAS only, never one that writes.
            Assert.All(context.Emulator.Jobs, job => Assert.DoesNotContain(SigOf(write), job.TalkingPhotoUrl + job.AudioUrl, StringComparison.Ordinal));
        }

        [Fact]
        public async Task BadFilesFailTheirOwnRowsBeforeAnythingIsUploadedOrBilledAndWhatIfReportsTheSame()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();
            Uri container = await _azurite.CreateContainerAsync(NewContainerName());
            WriteMedia(context.Folder);
            File.WriteAllText(Path.Combine(context.Folder, "media", "text.jpg"), "just some text, not a picture");
            File.WriteAllText(Path.Combine(context.Folder, "media", "page.jpg"), "<!DOCTYPE html><html><body>share link</body></html>");
            File.WriteAllBytes(Path.Combine(context.Folder, "media", "empty.mp3"), Array.Empty<byte>());
            string rows = Rows("Name,PhotoPath,AudioPath",
                "missing,./media/nothing.jpg,./media/voice1.mp3", "text,./media/text.jpg,./media/voice1.mp3",
                "page,./media/page.jpg,./media/voice1.mp3", "empty,./media/face1.jpg,./media/empty.mp3",
                "swapped,./media/voice1.mp3,./media/face1.jpg", "good,./media/face2.png,./media/voice2.mp3");
            var variables = new Dictionary<string, object?> { ["upload"] = $"{container}?{Azurite.ContainerSas(container, "cw")}", ["read"] = Azurite.ContainerSas(container, "r") };
            string[] expected = { "AkoolInputFileNotFound", "AkoolInputNotAnImage", "AkoolInputNotAnImage", "AkoolInputNotAudio", "AkoolInputNotAnImage" };

            ScriptResult whatIf = context.Run(rows + Pipeline + " -WhatIf", variables);

            Assert.Equal(expected, whatIf.ErrorIds);
            Assert.Equal(0, context.Emulator.CreateCount);
            Assert.Empty(await Azurite.ListAsync(container));

            ScriptResult result = context.Run(rows + Pipeline, variables);

            Assert.Equal(expected, result.ErrorIds);
            Assert.Equal(new[] { ErrorCategory.ObjectNotFound, ErrorCategory.InvalidData, ErrorCategory.InvalidData, ErrorCategory.InvalidData, ErrorCategory.InvalidData },
                result.Errors.Select(e => e.CategoryInfo.Category));
            Assert.Equal("good", Assert.Single(result.OutputOf<AkoolVideo>()).Name);
            Assert.Equal(1, context.Emulator.CreateCount);
            Assert.Equal(2, (await Azurite.ListAsync(container)).Length);
        }

        [Theory]
        [InlineData("rw")]
        [InlineData("racwdl")]
        [InlineData(null)]
        public async Task AReadSasThatCouldWriteOrDoesNotSayIsRefusedBeforeAnything(string? permissions)
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();
            Uri container = await _azurite.CreateContainerAsync(NewContainerName());
            WriteMedia(context.Folder);
            string readSas = permissions == null ? "sv=2019-12-12&sr=c&si=policy&sig=abcdef" : Azurite.ContainerSas(container, permissions);

            ScriptResult result = context.Run("New-AkoolTalkingPhoto -PhotoPath ./media/face1.jpg -AudioPath ./media/voice1.mp3 -UploadUri $upload -UploadReadSas $read",
                new Dictionary<string, object?> { ["upload"] = $"{container}?{Azurite.ContainerSas(container, "cw")}", ["read"] = readSas });

            ErrorRecord error = result.TerminatingError?.ErrorRecord ?? result.Errors.Single();
            Assert.Equal("AkoolUploadTargetInvalid", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.DoesNotContain("sig=", error.ErrorDetails.Message + error.TargetObject, StringComparison.Ordinal);
            Assert.Equal(0, context.Emulator.CreateCount);
            Assert.Empty(await Azurite.ListAsync(container));
        }

        [Fact]
        public async Task TheUploaderRunsOncePerDistinctFileOnThePipelineThreadAndAkoolGetsItsUrl()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();
            WriteMedia(context.Folder);
            string rows = Rows("Name,photo_path,audio_path", "one,./media/face1.jpg,./media/voice1.mp3", "two,./media/face1.jpg,./media/voice2.mp3", "three,./media/face1.jpg,./media/voice1.mp3");

            ScriptResult result = context.Run(
                rows + "$runspace = [runspace]::DefaultRunspace; $stored = [System.Collections.Generic.List[object]]::new()\n" +
                "$rows | New-AkoolTalkingPhoto -Uploader { param($file) if ([runspace]::DefaultRunspace -ne $runspace) { throw 'not on the pipeline thread' }\n" +
                "  $stored.Add(@($file, $_)); \"https://files.example.com/$($_.Name)?X-Amz-Signature=secret\" }\n" +
                "$stored.Count; $stored | ForEach-Object { $_[0] -is [System.IO.FileInfo] -and $_[0].FullName -eq $_[1].FullName }");

            Assert.Empty(result.Errors);
            Assert.Equal(3, context.Emulator.CreateCount);
            Assert.Equal(3, result.Output.Select(o => o.BaseObject).OfType<int>().Single());
            Assert.Equal(new object[] { true, true, true }, result.Output.Where(o => o.BaseObject is bool).Select(o => o.BaseObject));
            Assert.All(context.Emulator.Jobs, job => Assert.Equal("https://files.example.com/face1.jpg?X-Amz-Signature=secret", job.TalkingPhotoUrl));
            Assert.All(result.OutputOf<AkoolVideo>(), v => Assert.Equal("https://files.example.com/face1.jpg", v.TalkingPhotoUrl));
        }

        [Fact]
        public async Task APathWithoutAPlaceToUploadOrBesideAUrlIsRefused()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();
            WriteMedia(context.Folder);

            ScriptResult result = context.Run(
                "New-AkoolTalkingPhoto -PhotoPath ./media/face1.jpg -AudioPath ./media/voice1.mp3\n" +
                "New-AkoolTalkingPhoto -PhotoPath ./media/face1.jpg -TalkingPhotoUrl https://img.example.com/a.jpg -AudioUrl https://a.example.com/a.mp3 -Uploader { 'https://x.example.com/a' }");

            Assert.Equal(new[] { "AkoolInvalidInput", "AkoolInvalidInput" }, result.ErrorIds);
            Assert.All(result.Errors, e => Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category));
            Assert.Equal(0, context.Emulator.CreateCount);
        }

        private static string NewContainerName() => "c" + Guid.NewGuid().ToString("N");

        private static string SigOf(string sas) => sas.Split('&').Single(p => p.StartsWith("sig=", StringComparison.Ordinal)).Substring(4);

        private static async Task<HttpStatusCode> TryWriteAsync(HttpClient http, string url)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(Encoding.ASCII.GetBytes("overwritten")) };
            request.Headers.Add("x-ms-blob-type", "BlockBlob");
            request.Headers.Add("x-ms-version", "2021-08-06");
            using HttpResponseMessage response = await http.SendAsync(request);
            return response.StatusCode;
        }

        /// <summary>Tiny files that start like what they claim: two photos (JPEG, PNG) and four MP3s, each unique.</summary>
        private static void WriteMedia(string folder)
        {
            string media = Directory.CreateDirectory(Path.Combine(folder, "media")).FullName;
            File.WriteAllBytes(Path.Combine(media, "face1.jpg"), Bytes(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "face1"));
            File.WriteAllBytes(Path.Combine(media, "face2.png"), Bytes(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, "face2"));
            for (int i = 1; i <= 4; i++) File.WriteAllBytes(Path.Combine(media, $"voice{i}.mp3"), Bytes(Encoding.ASCII.GetBytes("ID3"), "voice" + i));
        }

        private static byte[] Bytes(byte[] head, string body) => head.Concat(Encoding.ASCII.GetBytes(body.PadRight(200, '.'))).ToArray();

        /// <summary>
        /// Sets $rows as Import-Csv would read these CSV lines (the hosted engine has no Import-Csv; the Pester suite
        /// runs the same one-liner with it in pwsh).
        /// </summary>
        private static string Rows(params string[] lines)
        {
            string[] columns = lines[0].Split(',');
            return "$rows = @(" + string.Join(", ", lines.Skip(1).Select(line =>
                "[pscustomobject][ordered]@{ " + string.Join("; ", line.Split(',').Select((value, i) => $"{columns[i]} = '{value}'")) + " }")) + ")\n";
        }

        private static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant();
    }
}
