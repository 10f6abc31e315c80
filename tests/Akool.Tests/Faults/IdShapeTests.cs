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
    /// Akool's contract never says what an id looks like (today's are 24 hex digits, an independent server's may not
    /// be): any id that could be one is asked for, URL-escaped; only the clearly impossible are refused locally.
    /// </summary>
    public sealed class IdShapeTests
    {
        // '+' would arrive as a space and ':' must be escaped in a query: a client that does not escape is caught.
        private const string Prefix = "tp+v2:";

        [Fact]
        public async Task VideosWhoseIdsAreNotHexAreWaitedForSavedAndReadBack()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync(o => o.IdPrefix = Prefix);
            context.Connect("-MaximumRetryCount 1 -RetryInterval 0.05");

            ScriptResult result = context.Run(ModuleTestContext.Rows(2) + "$rows | New-AkoolTalkingPhoto | Wait-AkoolVideo -PollInterval 0.2 | Save-AkoolVideo -Destination ./videos");
            string[] ids = context.Emulator.Jobs.Select(j => j.Id).ToArray();
            ScriptResult byId = context.Run("Get-AkoolVideo -Id $ids | Wait-AkoolVideo -PollInterval 0.2", new() { ["ids"] = ids });

            Assert.Empty(result.Errors);
            Assert.Equal(2, result.OutputOf<FileInfo>().Count);
            Assert.All(ids, id => Assert.StartsWith(Prefix, id, StringComparison.Ordinal));
            Assert.Empty(byId.Errors);
            Assert.Equal(ids.OrderBy(i => i, StringComparer.Ordinal), byId.OutputOf<AkoolVideo>().Select(v => v.Id).OrderBy(i => i, StringComparer.Ordinal));
            Assert.All(byId.OutputOf<AkoolVideo>(), v => Assert.Equal(AkoolVideoStatus.Completed, v.Status));
        }

        [Theory]
        [InlineData("tp+v2:unknown")]
        [InlineData("not-hex-at-all")]
        [InlineData("a&video_model_id=b")]
        public async Task AnUnknownIdOfAnyShapeIsAskedForEscapedAndIsObjectNotFound(string id)
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect("-MaximumRetryCount 1 -RetryInterval 0.05");

            ScriptResult result = context.Run("Get-AkoolVideo -Id $id", new() { ["id"] = id });

            Assert.Equal(new[] { "AkoolVideoNotFound" }, result.ErrorIds);
            Assert.Equal(ErrorCategory.ObjectNotFound, result.Errors[0].CategoryInfo.Category);
            RecordedRequest asked = Assert.Single(context.Emulator.Requests, r => r.Endpoint == EmulatorEndpoints.Status);
            Assert.EndsWith("?video_model_id=" + Uri.EscapeDataString(id), asked.Path, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("two words")]
        [InlineData("tab\there")]
        [InlineData("line\nbreak")]
        [InlineData("bell\u0007")]
        [InlineData("bidi\u202Eflip")]
        [InlineData("lone<D800>surrogate")]
        [InlineData("   ")]
        public async Task AnIdThatCannotBeOneIsRefusedWithoutAskingAkool(string id)
        {
            // A lone surrogate cannot be kept in an attribute (its UTF-8 blob makes it U+FFFD): made here.
            id = id.Replace("<D800>", "\uD800", StringComparison.Ordinal);
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect("-MaximumRetryCount 1 -RetryInterval 0.05");

            ScriptResult result = context.Run("Get-AkoolVideo -Id $id\nWait-AkoolVideo -Id $id\nSave-AkoolVideo -Id $id -Destination ./videos", new() { ["id"] = id });

            Assert.Equal(new[] { "AkoolInvalidInput", "AkoolInvalidInput", "AkoolInvalidInput" }, result.ErrorIds);
            Assert.All(result.Errors, e => Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category));
            Assert.DoesNotContain(context.Emulator.Requests, r => r.Endpoint == EmulatorEndpoints.Status);
        }

        [Fact]
        public async Task AnIdLongerThan256CharactersIsRefusedWithoutAskingAkool()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect("-MaximumRetryCount 1 -RetryInterval 0.05");

            ScriptResult result = context.Run("Get-AkoolVideo -Id $id", new() { ["id"] = new string('a', 257) });
            ScriptResult longest = context.Run("Get-AkoolVideo -Id $id", new() { ["id"] = new string('a', 256) });

            Assert.Equal(new[] { "AkoolInvalidInput" }, result.ErrorIds);
            Assert.Equal(new[] { "AkoolVideoNotFound" }, longest.ErrorIds);
        }

        [Theory]
        [InlineData("0123456789abcdef01234567", "0123456789abcdef01234567")]
        [InlineData("tp+v2:abc", "'tp+v2:abc'")]
        [InlineData("it's;$x", "'it''s;$x'")]
        [InlineData("a\u2019b", "'a\u2019\u2019b'")]
        public void TabCompletionQuotesAnIdThatIsNotABareWord(string id, string typed)
        {
            Assert.Equal(typed, Akool.Completion.Quoting.Quote(id));
        }
    }
}
