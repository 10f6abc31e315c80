using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Emulator;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Faults
{
    /// <summary>
    /// Hostile and mistaken input: each case gets a specific error (which row, which field, what is wrong, what to
    /// do) and nothing else is lost — the good row sent alongside each bad one is still created.
    /// </summary>
    public sealed class BadInputTests : IAsyncLifetime
    {
        private const string GoodRow = "[pscustomobject]@{ Name = 'good'; talking_photo_url = 'https://img.example.com/good.jpg'; audio_url = 'https://audio.example.com/good.mp3' }";
        private ModuleTestContext _context = null!;

        public async Task InitializeAsync()
        {
            _context = await ModuleTestContext.StartAsync();
            _context.Run("Connect-Akool -BaseUri $baseUri -ApiKey $apiKey -MaximumRetryCount 1 -RetryInterval 0.05");
        }

        public async Task DisposeAsync() => await _context.DisposeAsync();

        [Theory]
        [InlineData("empty photo cell", "talking_photo_url = ''; audio_url = 'https://a.example.com/v.mp3'", "TalkingPhotoUrl", "empty")]
        [InlineData("empty audio cell", "talking_photo_url = 'https://i.example.com/f.jpg'; audio_url = ''", "AudioUrl", "empty")]
        [InlineData("missing audio column", "talking_photo_url = 'https://i.example.com/f.jpg'", "AudioUrl", "missing")]
        [InlineData("missing both columns", "Photo = 'https://i.example.com/f.jpg'", "TalkingPhotoUrl", "missing")]
        [InlineData("relative URL", "talking_photo_url = 'images/face.jpg'; audio_url = 'https://a.example.com/v.mp3'", "TalkingPhotoUrl", "absolute")]
        [InlineData("file URL", "talking_photo_url = 'file:///C:/faces/face.jpg'; audio_url = 'https://a.example.com/v.mp3'", "TalkingPhotoUrl", "file://")]
        [InlineData("ftp URL", "talking_photo_url = 'https://i.example.com/f.jpg'; audio_url = 'ftp://a.example.com/v.mp3'", "AudioUrl", "ftp://")]
        [InlineData("white space only", "talking_photo_url = '   '; audio_url = 'https://a.example.com/v.mp3'", "TalkingPhotoUrl", "empty")]
        [InlineData("space inside a URL", "talking_photo_url = 'https://i.example.com/my face.jpg'; audio_url = 'https://a.example.com/v.mp3'", "TalkingPhotoUrl", "%20")]
        [InlineData("local path", "talking_photo_url = 'C:\\faces\\face.jpg'; audio_url = 'https://a.example.com/v.mp3'", "TalkingPhotoUrl", "absolute")]
        [InlineData("resolution 4k", "talking_photo_url = 'https://i.example.com/f.jpg'; audio_url = 'https://a.example.com/v.mp3'; resolution = '4k'", "Resolution", "720 or 1080")]
        [InlineData("bad webhook URL", "talking_photo_url = 'https://i.example.com/f.jpg'; audio_url = 'https://a.example.com/v.mp3'; webhookUrl = 'not a url'", "WebhookUrl", "WebhookUrl")]
        public void ABadRowGetsASpecificErrorAndTheGoodRowBesideItIsStillCreated(string @case, string row, string field, string hint)
        {
            ScriptResult result = _context.Run($"@({GoodRow}, [pscustomobject]@{{ Name = 'bad'; {row} }}, {GoodRow.Replace("'good'", "'good2'", StringComparison.Ordinal)}) | New-AkoolTalkingPhoto");

            Assert.True(result.Errors.Count == 1, @case + ": " + string.Join(" | ", result.Errors));
            ErrorRecord error = result.Errors[0];
            Assert.Equal("AkoolInvalidInput", result.ErrorIds[0]);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains("Row 2 ('bad')", error.ErrorDetails.Message);
            Assert.Contains(field, error.ErrorDetails.Message);
            Assert.Contains(hint, error.ErrorDetails.Message);
            Assert.Equal(2, result.OutputOf<AkoolVideo>().Count);
            Assert.Equal(2, _context.Emulator.CreateCount);
        }

        [Fact]
        public void SurroundingWhiteSpaceIsTrimmedAndNotAnError()
        {
            ScriptResult result = _context.Run("[pscustomobject]@{ talking_photo_url = '  https://i.example.com/f.jpg '; audio_url = \"https://a.example.com/v.mp3`t\"; resolution = '1080p' } | New-AkoolTalkingPhoto");

            Assert.Empty(result.Errors);
            EmulatedJob job = Assert.Single(_context.Emulator.Jobs);
            Assert.Equal("https://i.example.com/f.jpg", job.TalkingPhotoUrl);
            Assert.Equal("1080", job.Resolution);
        }

        [Theory]
        [InlineData("../../escape", "escape.mp4")]
        [InlineData("C:evil", "C_evil.mp4")]
        [InlineData("..", null)]
        public void UnsafeNamesAreMadeSafeAndNeverLeaveTheDestination(string name, string? expected)
        {
            ScriptResult result = _context.Run(
                "[pscustomobject]@{ Name = $name; talking_photo_url = 'https://i.example.com/f.jpg'; audio_url = 'https://a.example.com/v.mp3' } | New-AkoolTalkingPhoto | Wait-AkoolVideo -PollInterval 0.2 | Save-AkoolVideo -Destination ./videos",
                new() { ["name"] = name });

            Assert.Empty(result.Errors);
            Assert.Single(result.Warnings);
            FileInfo file = Assert.Single(result.OutputOf<FileInfo>());
            Assert.Equal(Path.Combine(_context.Folder, "videos"), file.DirectoryName);
            Assert.Equal(expected ?? _context.Emulator.Jobs.Single().Id + ".mp4", file.Name.Replace("_.._", string.Empty).TrimStart('_', '.'));
            Assert.Single(Directory.GetFiles(_context.Folder, "*", SearchOption.AllDirectories));
        }

        [Fact]
        public void A300CharacterNameIsShortenedToAValidFileName()
        {
            ScriptResult result = _context.Run(
                "[pscustomobject]@{ Name = ('n' * 300); talking_photo_url = 'https://i.example.com/f.jpg'; audio_url = 'https://a.example.com/v.mp3' } | New-AkoolTalkingPhoto | Wait-AkoolVideo -PollInterval 0.2 | Save-AkoolVideo -Destination ./videos");

            Assert.Empty(result.Errors);
            FileInfo file = Assert.Single(result.OutputOf<FileInfo>());
            Assert.InRange(file.Name.Length, 10, 130);
        }

        [Fact]
        public void AnUnknownIdIsObjectNotFound()
        {
            ScriptResult result = _context.Run("Get-AkoolVideo -Id 0123456789abcdef01234567, 0123456789abcdef01234568");

            Assert.Equal(new[] { "AkoolVideoNotFound", "AkoolVideoNotFound" }, result.ErrorIds);
            Assert.All(result.Errors, e => Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category));
            Assert.Contains("0123456789abcdef01234567", result.Errors[0].ErrorDetails.Message);
        }

        [Theory]
        [InlineData("not an id")]
        [InlineData("0123456789abcdef\t0123456")]
        [InlineData("0123456789abcdef0123456\u0001")]
        public void AMalformedIdIsRejectedWithoutAskingAkool(string id)
        {
            ScriptResult result = _context.Run("Get-AkoolVideo -Id $id", new() { ["id"] = id });

            Assert.Equal(new[] { "AkoolInvalidInput" }, result.ErrorIds);
            Assert.DoesNotContain(_context.Emulator.Requests, r => r.Endpoint == EmulatorEndpoints.Status);
        }

        [Fact]
        public void ADestinationThatIsAFileIsOneClearTerminatingError()
        {
            File.WriteAllText(Path.Combine(_context.Folder, "afile"), "x");

            ScriptResult result = _context.Run(ModuleTestContext.Rows(2) + "$rows | New-AkoolTalkingPhoto | Wait-AkoolVideo -PollInterval 0.2 | Save-AkoolVideo -Destination ./afile");

            Assert.Equal(new[] { "AkoolDestinationInvalid" }, result.ErrorIds);
            Assert.Contains("is a file", result.Errors[0].ErrorDetails.Message);
        }

        [Fact]
        public void ADestinationThatCannotBeCreatedIsOneClearTerminatingError()
        {
            File.WriteAllText(Path.Combine(_context.Folder, "afile"), "x");

            ScriptResult result = _context.Run("Save-AkoolVideo -Id 0123456789abcdef01234567 -Destination ./afile/sub");

            Assert.Equal(new[] { "AkoolDestinationInvalid" }, result.ErrorIds);
            Assert.Equal(ErrorCategory.WriteError, result.Errors[0].CategoryInfo.Category);
        }

        [Fact]
        public void AJournalThatIsNotAJournalIsRefusedBeforeAnythingIsSent()
        {
            File.WriteAllText(Path.Combine(_context.Folder, "jobs.csv"), "Name,talking_photo_url,audio_url\nx,https://a/b.jpg,https://a/b.mp3\n");

            ScriptResult result = _context.Run(ModuleTestContext.Rows(2) + "$rows | New-AkoolTalkingPhoto -JournalPath ./jobs.csv");

            Assert.Equal(new[] { "AkoolJournalInvalid" }, result.ErrorIds);
            Assert.Contains("not an Akool batch journal", result.Errors[0].ErrorDetails.Message);
            Assert.Equal(0, _context.Emulator.CreateCount);
            Assert.StartsWith("Name,", File.ReadAllText(Path.Combine(_context.Folder, "jobs.csv")), StringComparison.Ordinal);
        }

        [Fact]
        public void ATornLastJournalLineIsToleratedWithAWarning()
        {
            _context.Run(ModuleTestContext.Rows(2) + "$rows | New-AkoolTalkingPhoto -JournalPath ./batch.journal");
            File.AppendAllText(Path.Combine(_context.Folder, "batch.journal"), "{\"key\":\"abc#1\",\"sta");

            ScriptResult result = _context.Run(ModuleTestContext.Rows(3) + "$rows | New-AkoolTalkingPhoto -JournalPath ./batch.journal");

            Assert.Empty(result.Errors);
            Assert.Contains(result.Warnings, w => w.Contains("unreadable line", StringComparison.Ordinal));
            Assert.Equal(3, result.OutputOf<AkoolVideo>().Count);
            Assert.Equal(3, _context.Emulator.CreateCount);
        }

        [Theory]
        [InlineData("html", "AkoolServerUnavailable")]
        [InlineData("missingcode", "AkoolInvalidResponse")]
        [InlineData("huge", "AkoolInvalidResponse")]
        public void AnAnswerThatIsNotAkoolsEnvelopeIsAClearError(string fault, string errorId)
        {
            string id = _context.Run(ModuleTestContext.Rows(1) + "$rows | New-AkoolTalkingPhoto").OutputOf<AkoolVideo>().Single().Id;
            EmulatorFaults f = _context.Emulator.Faults;
            switch (fault)
            {
                case "html": f.HtmlAnswer = FaultRule.Always(EmulatorEndpoints.Status); break;
                case "missingcode": f.MissingCode = FaultRule.Always(EmulatorEndpoints.Status); break;
                default: f.HugeAnswer = FaultRule.Always(EmulatorEndpoints.Status); break;
            }

            ScriptResult result = _context.Run("Get-AkoolVideo -Id $id", new() { ["id"] = id });

            Assert.Equal(new[] { errorId }, result.ErrorIds);
            Assert.Contains(id, result.Errors[0].ErrorDetails.Message);
        }

        [Fact]
        public void AnHtmlOrMissingCodeAnswerToACreateIsAnUnknownOutcomeNotARetry()
        {
            _context.Emulator.Faults.MissingCode = FaultRule.Always(EmulatorEndpoints.Create);

            ScriptResult result = _context.Run(ModuleTestContext.Rows(1) + "$rows | New-AkoolTalkingPhoto");

            Assert.Equal(new[] { "AkoolCreateOutcomeUnknown" }, result.ErrorIds);
            Assert.Equal(1, _context.Emulator.Requests.Count(r => r.Endpoint == EmulatorEndpoints.Create));
        }

        [Fact]
        public void AnExistingFileIsNotOverwrittenWithoutForce()
        {
            Directory.CreateDirectory(Path.Combine(_context.Folder, "videos"));
            File.WriteAllText(Path.Combine(_context.Folder, "videos", "clip001.mp4"), "mine");

            ScriptResult result = _context.Run(ModuleTestContext.Rows(2) + "$rows | New-AkoolTalkingPhoto | Wait-AkoolVideo -PollInterval 0.2 | Save-AkoolVideo -Destination ./videos");

            Assert.Equal(new[] { "AkoolFileExists" }, result.ErrorIds);
            Assert.Equal("mine", File.ReadAllText(Path.Combine(_context.Folder, "videos", "clip001.mp4")));
            Assert.Single(result.OutputOf<FileInfo>());
        }

        [Theory]
        [InlineData("")]
        [InlineData(" -WhatIf")]
        public void TwoRowsWithOneNameAreCaughtBeforeBillingAndTheSecondIsRefusedNamingBoth(string whatIf)
        {
            // Names differ only in case: on Windows and macOS they name one file.
            ScriptResult result = _context.Run(ModuleTestContext.Rows(3) + "$rows[2].Name = 'CLIP001'\n$rows | New-AkoolTalkingPhoto" + whatIf);

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("AkoolDuplicateName", result.ErrorIds[0]);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains("Row 3 ('CLIP001')", error.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.Contains("row 1", error.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.Equal(whatIf.Length == 0 ? 2 : 0, _context.Emulator.CreateCount);
            Assert.DoesNotContain(_context.Emulator.Jobs, j => ModuleTestContext.RowOf(j) == 3);
        }

        [Fact]
        public void ErrorActionStopEndsTheBatchAndEveryVideoAlreadyMadeIsJournaled()
        {
            ScriptResult result = _context.Run(ModuleTestContext.Rows(40) + "$rows[20].audio_url = ''\n$rows | New-AkoolTalkingPhoto -JournalPath ./stop.journal -ErrorAction Stop");

            Assert.Equal("AkoolInvalidInput", result.ErrorIds.Single());
            Assert.Contains("Row 21", result.Errors[0].ErrorDetails.Message);
            // The bad row ends the batch when it is read: rows before it not yet sent are not sent, none after it is.
            Assert.InRange(_context.Emulator.CreateCount, 0, 20);
            Assert.All(_context.Emulator.Jobs, job => Assert.True(ModuleTestContext.RowOf(job) < 21, $"row {ModuleTestContext.RowOf(job)} was sent after the stop"));
            string[] created = File.ReadAllLines(Path.Combine(_context.Folder, "stop.journal")).Where(l => l.Contains("\"state\":\"Created\"", StringComparison.Ordinal)).ToArray();
            Assert.Equal(_context.Emulator.CreateCount, created.Length);
            foreach (var job in _context.Emulator.Jobs) Assert.Single(created, l => l.Contains(job.Id, StringComparison.Ordinal));
        }

        [Fact]
        public void QuotaRunningOutGivesOneQuotaErrorAndOneErrorNamingTheRowsNotSent()
        {
            _context.Emulator.Credit = _context.Emulator.Options.CreditPerVideo * 2;

            ScriptResult result = _context.Run(ModuleTestContext.Rows(4) + "Get-AkoolCredit\n$rows | New-AkoolTalkingPhoto -ThrottleLimit 1\nGet-AkoolCredit");

            Assert.Equal(2, result.OutputOf<AkoolVideo>().Count);
            Assert.Equal(new[] { "AkoolQuotaExceeded", "AkoolNotSentNoCredit" }, result.ErrorIds);
            Assert.All(result.Errors, e => Assert.Equal(ErrorCategory.QuotaExceeded, e.CategoryInfo.Category));
            Assert.Contains("1104", result.Errors[0].ErrorDetails.Message);
            Assert.Contains("clip003", result.Errors[0].ErrorDetails.Message);
            var credits = result.OutputOf<AkoolCredit>().Select(c => c.Credit).ToList();
            Assert.Equal(new[] { _context.Emulator.Options.CreditPerVideo * 2, 0m }, credits);
        }
    }
}
