using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Emulator;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Commands
{
    /// <summary>
    /// New-AkoolTalkingPhoto's guards of the money: each row's URLs are checked before its create (under -WhatIf too),
    /// and once Akool says the credit is gone no further row is sent. Against the emulator's sample inputs, with
    /// its fetch-on-create on, as Akool reads them.
    /// </summary>
    public sealed class NewAkoolTalkingPhotoInputTests : IAsyncLifetime
    {
        private ModuleTestContext _context = null!;

        public async Task InitializeAsync()
        {
            _context = await ModuleTestContext.StartAsync(o =>
            {
                o.FetchInputs = true;
                o.InitialCredit = 30m; // three videos at 10 each
            });
            _context.Run("Connect-Akool -BaseUri $baseUri -ApiKey $apiKey -MaximumRetryCount 1 -RetryInterval 0.05");
            // The harness skips the check for the made-up URLs of other tests; these tests are about it.
            _context.Run("$global:PSDefaultParameterValues.Remove('New-AkoolTalkingPhoto:SkipInputCheck')");
        }

        public async Task DisposeAsync() => await _context.DisposeAsync();

        private string Row(string name, string photo, string audio) =>
            $"[pscustomobject]@{{ Name = '{name}'; talking_photo_url = '{_context.Emulator.SampleUrl(photo)}'; audio_url = '{_context.Emulator.SampleUrl(audio)}' }}";

        [Fact]
        public void EveryBadRowFailsWithItsOwnErrorBeforeAnyCreateAndTheGoodRowsMakeTheirVideos()
        {
            _context.Emulator.Credit = 1000m;
            string rows = "$rows = @(" + string.Join(", ",
                Row("good-jpg", "photo.jpg", "audio.mp3"),
                Row("page", "page.html", "audio.mp3"),
                Row("forbidden", "forbidden.jpg", "audio.mp3"),
                Row("missing", "missing.jpg", "audio.mp3"),
                Row("loop", "loop.jpg", "audio.mp3"),
                Row("text", "text.jpg", "audio.mp3"),
                Row("empty-audio", "photo.png", "empty.mp3"),
                Row("good-png", "photo.png?row=8", "audio.wav")) + ")\n";
            var expected = new (string Id, ErrorCategory Category, int Row)[]
            {
                ("AkoolInputIsWebPage", ErrorCategory.InvalidArgument, 2),
                ("AkoolInputForbidden", ErrorCategory.PermissionDenied, 3),
                ("AkoolInputNotFound", ErrorCategory.ObjectNotFound, 4),
                ("AkoolInputRedirectLoop", ErrorCategory.InvalidArgument, 5),
                ("AkoolInputNotAnImage", ErrorCategory.InvalidArgument, 6),
                ("AkoolInputNotAudio", ErrorCategory.InvalidArgument, 7),
            };

            ScriptResult whatIf = _context.Run(rows + "$rows | New-AkoolTalkingPhoto -WhatIf");
            AssertFailures(expected, whatIf);
            Assert.Equal(0, _context.Emulator.CreateCount);

            ScriptResult run = _context.Run(rows + "$rows | New-AkoolTalkingPhoto | Wait-AkoolVideo -PollInterval 0.2");
            AssertFailures(expected, run);
            Assert.Equal(new[] { "good-jpg", "good-png" }, run.OutputOf<AkoolVideo>().Select(v => v.Name).OrderBy(n => n, StringComparer.Ordinal));
            Assert.All(run.OutputOf<AkoolVideo>(), v => Assert.Equal(AkoolVideoStatus.Completed, v.Status));
            Assert.Equal(2, _context.Emulator.CreateCount);
            // The check sends no credential of ours to the inputs' host.
            Assert.All(_context.Emulator.Requests.Where(r => r.Path.StartsWith("/samples/", StringComparison.Ordinal)), r => Assert.Equal("None", r.AuthKind));
        }

        private static void AssertFailures((string Id, ErrorCategory Category, int Row)[] expected, ScriptResult result)
        {
            Assert.True(expected.Length == result.Errors.Count, string.Join(" | ", result.Errors));
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i].Id, result.ErrorIds[i]);
                Assert.Equal(expected[i].Category, result.Errors[i].CategoryInfo.Category);
                Assert.Contains($"Row {expected[i].Row} (", result.Errors[i].ErrorDetails.Message, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void EachUrlIsFetchedOncePerRunHoweverManyRowsShareIt()
        {
            string photo = _context.Emulator.SampleUrl("photo.jpg?shared=1");
            ScriptResult result = _context.Run("1..3 | ForEach-Object { [pscustomobject]@{ talking_photo_url = $photo; audio_url = $audio + $_ } } | New-AkoolTalkingPhoto",
                new Dictionary<string, object?> { ["photo"] = photo, ["audio"] = _context.Emulator.SampleUrl("audio.mp3?row=") });

            Assert.Empty(result.Errors);
            // One fetch by the module's check; the emulator's own fetch-on-create adds one per create.
            Assert.Equal(1 + 3, _context.Emulator.Requests.Count(r => r.Path.Contains("shared=1", StringComparison.Ordinal)));
        }

        [Fact]
        public void WithSkipInputCheckTheRowIsBilledAndAkoolFailsTheJob()
        {
            ScriptResult result = _context.Run(Row("page", "page.html", "audio.mp3") + " | New-AkoolTalkingPhoto -SkipInputCheck | Wait-AkoolVideo -PollInterval 0.2");

            Assert.Equal(1, _context.Emulator.CreateCount);
            Assert.Equal("AkoolVideoFailed", Assert.Single(result.ErrorIds));
            Assert.Contains("talking_photo_url is not an image", _context.Emulator.Jobs[0].FailReason, StringComparison.Ordinal);
        }

        [Fact]
        public void AfterInsufficientCreditNoFurtherRowIsSentTheRestAreNamedOnceAndARerunSendsExactlyThem()
        {
            string rows = ModuleTestContext.Rows(8);
            ScriptResult first = _context.Run(rows + "$rows | New-AkoolTalkingPhoto -SkipInputCheck -ThrottleLimit 1 -JournalPath ./journal.jsonl");

            Assert.Equal(4, _context.Emulator.Requests.Count(r => r.Endpoint == EmulatorEndpoints.Create));
            Assert.Equal(3, first.OutputOf<AkoolVideo>().Count);
            Assert.Equal(new[] { "AkoolQuotaExceeded", "AkoolNotSentNoCredit" }, first.ErrorIds);
            ErrorRecord notSent = first.Errors[1];
            Assert.Equal(ErrorCategory.QuotaExceeded, notSent.CategoryInfo.Category);
            Assert.Equal(new[] { 5, 6, 7, 8 }, Assert.IsType<int[]>(notSent.TargetObject));
            // One readable line: a newline would reach the user escaped, as "\u{000A}".
            Assert.DoesNotContain("\\u{", notSent.Exception.Message, StringComparison.Ordinal);
            Assert.Contains("Row 8", notSent.Exception.Message, StringComparison.Ordinal);

            _context.Emulator.Credit = 1000m;
            ScriptResult again = _context.Run(rows + "$rows | New-AkoolTalkingPhoto -SkipInputCheck -ThrottleLimit 1 -JournalPath ./journal.jsonl");

            Assert.Empty(again.Errors);
            Assert.Equal(8, again.OutputOf<AkoolVideo>().Count);
            Assert.Equal(new[] { 1, 2, 3, 4, 5, 6, 7, 8 }, _context.Emulator.Jobs.Select(ModuleTestContext.RowOf));
        }
    }
}
