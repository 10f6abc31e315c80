using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Emulator;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Commands
{
    /// <summary>
    /// What the real binder does with what users pipe: CSV columns that give New-AkoolTalkingPhoto nothing it needs are
    /// one AkoolUnknownColumns error, not one per row; a video or speech piped into Save is used as it is, though the
    /// cmdlets' default set (what they prompt for when typed alone) is -Id; a speech still being spoken is waited for.
    /// </summary>
    public sealed class PipelineBindingTests : IAsyncLifetime
    {
        private ModuleTestContext _context = null!;

        public async Task InitializeAsync()
        {
            _context = await ModuleTestContext.StartAsync(o =>
            {
                o.QueueTime = TimeSpan.Zero;
                o.ProcessingTime = TimeSpan.FromMilliseconds(400);
            });
            _context.Connect();
        }

        public async Task DisposeAsync() => await _context.DisposeAsync();

        private static string ErrorId(ErrorRecord error) => error.FullyQualifiedErrorId.Split(',')[0];

        /// <summary>Pipes <paramref name="rows"/> rows into New-AkoolTalkingPhoto as Import-Csv would make them from a comma-separated file (the hosted engine has no Import-Csv; the Pester suite reads real files).</summary>
        private ScriptResult ImportCsv(string header, int rows, string row, string extra = "")
        {
            string[] columns = header.Split(',');
            string Row(int i) => "[pscustomobject][ordered]@{ " + string.Join("; ", columns.Zip(string.Format(CultureInfo.InvariantCulture, row, i).Split(','), (c, v) => $"'{c}' = '{v}'")) + " }";
            return _context.Run("@(" + string.Join(", ", Enumerable.Range(1, rows).Select(Row)) + ") | New-AkoolTalkingPhoto -Verbose " + extra);
        }

        private int Requests(EmulatorEndpoints endpoint) => _context.Emulator.Requests.Count(r => r.Endpoint == endpoint);

        [Fact]
        public void ASemicolonSeparatedCsvReadWithCommasIsOneErrorThatSaysDelimiterAndSendsNothing()
        {
            ScriptResult result = ImportCsv("Name;PhotoUrl;AudioUrl", 20, "clip{0};https://img.example.com/f{0}.jpg;https://audio.example.com/v{0}.mp3");

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("AkoolUnknownColumns", ErrorId(error));
            Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
            Assert.Contains("-Delimiter ';'", error.Exception.Message, StringComparison.Ordinal);
            Assert.Equal(19, result.Verbose.Count(v => v.Contains("same columns as row 1", StringComparison.Ordinal)));
            Assert.Empty(result.Warnings);
            Assert.Equal(0, Requests(EmulatorEndpoints.Create));
        }

        [Fact]
        public void AMisspelledColumnIsOneErrorForTheWholeFileEvenUnderWhatIf()
        {
            ScriptResult result = ImportCsv("Name,talking_photo_ur,audio_url", 50, "clip{0},https://img.example.com/f{0}.jpg,https://audio.example.com/v{0}.mp3", "-WhatIf");

            ErrorRecord error = Assert.Single(result.Errors);
            Assert.Equal("AkoolUnknownColumns", ErrorId(error));
            Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
            Assert.Equal(0, Requests(EmulatorEndpoints.Create));
        }

        [Fact]
        public void ATextColumnWithoutAVoiceIsOneErrorUnlessVoiceIsTyped()
        {
            const string Header = "Name,TalkingPhotoUrl,Text";
            const string Row = "clip{0},https://img.example.com/f{0}.jpg,Hello number {0}.";

            ScriptResult missing = ImportCsv(Header, 5, Row, "-WhatIf");
            ScriptResult typed = ImportCsv(Header, 5, Row, "-Voice Alice -WhatIf");

            Assert.Equal(new[] { "AkoolUnknownColumns" }, missing.ErrorIds);
            Assert.Empty(typed.Errors);
            Assert.Equal(0, Requests(EmulatorEndpoints.Create));
        }

        [Fact]
        public void RowsWithTheColumnsBindByNameAndExtraColumnsAreNoProblem()
        {
            ScriptResult result = ImportCsv("Name,talking_photo_url,audio_url,Notes", 2, "clip{0},https://img.example.com/f{0}.jpg,https://audio.example.com/v{0}.mp3,remember");

            Assert.Empty(result.Errors);
            Assert.Equal(new[] { "clip1", "clip2" }, result.OutputOf<AkoolVideo>().Select(v => v.Name).ToArray());
        }

        [Fact]
        public void VideosPipedIntoSaveAreSavedAsTheyAreWithoutAnotherStatusRequest()
        {
            AkoolVideo[] videos = _context.Run(ModuleTestContext.Rows(2) + "$rows | New-AkoolTalkingPhoto | Wait-AkoolVideo -PollInterval 0.2").OutputOf<AkoolVideo>().ToArray();
            Assert.Equal(2, videos.Length);
            int reads = Requests(EmulatorEndpoints.Status);

            ScriptResult saved = _context.Run("$v | Save-AkoolVideo -Destination ./videos", new() { ["v"] = videos });

            Assert.Empty(saved.Errors);
            Assert.Equal(2, saved.OutputOf<FileInfo>().Count);
            Assert.Equal(reads, Requests(EmulatorEndpoints.Status));
        }

        [Fact]
        public void SpeechesPipedIntoSaveAreSavedAsTheyAreWithoutAnotherRead()
        {
            AkoolSpeech speech = Assert.Single(_context.Run("New-AkoolSpeech -Text 'Hello.' -Voice Alice -Name hello -Wait").OutputOf<AkoolSpeech>());
            int reads = Requests(EmulatorEndpoints.SpeechDetail);

            ScriptResult saved = _context.Run("$s | Save-AkoolSpeech -Destination ./speech", new() { ["s"] = speech });

            Assert.Empty(saved.Errors);
            Assert.Single(saved.OutputOf<FileInfo>());
            Assert.Equal(reads, Requests(EmulatorEndpoints.SpeechDetail));
        }

        [Fact]
        public void SaveAkoolSpeechWaitsForSpeechesStillBeingSpoken()
        {
            ScriptResult result = _context.Run("New-AkoolSpeech -Text 'One.' -Voice Alice -Name one | Save-AkoolSpeech -Destination ./speech");

            Assert.Empty(result.Errors);
            FileInfo file = Assert.Single(result.OutputOf<FileInfo>());
            Assert.Equal("one.mp3", file.Name);
            Assert.True(Requests(EmulatorEndpoints.SpeechDetail) >= 1, "the speech was read while it was being spoken");
        }
    }
}
