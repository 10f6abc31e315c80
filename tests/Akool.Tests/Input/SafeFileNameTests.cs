using System;
using System.Linq;
using System.Text;
using Akool.Client;
using Akool.Input;
using Akool.Models;
using Xunit;

namespace Akool.Tests.Input
{
    /// <summary>File names from hostile Names (issue 12, #13 and the control/bidi item): byte caps, whole characters, devices.</summary>
    public sealed class SafeFileNameTests
    {
        private const int LongestPartialSuffix = 1 + 8 + 14; // ".<8 hex>.akool-partial"

        [Theory]
        [InlineData("漢", 84)]
        [InlineData("漢", 300)]
        [InlineData("😀", 130)]
        [InlineData("e\u0301", 200)]
        [InlineData("a", 400)]
        public void ALongNameFitsTheFileSystemsByteLimitWithThePartialSuffix(string unit, int repeat)
        {
            string name = string.Concat(Enumerable.Repeat(unit, repeat));

            string safe = SafeFileName.From(name)!;

            Assert.InRange(Encoding.UTF8.GetByteCount(safe + SafeFileName.Extension) + LongestPartialSuffix, 1, 255);
            Assert.Equal(LongestPartialSuffix, VideoDownloader.PartialSuffix.Length + 9);
            Assert.DoesNotContain('\uFFFD', new UTF8Encoding(false).GetString(Encoding.UTF8.GetBytes(safe)));
            Assert.True(safe.Length % unit.Length == 0 && name.StartsWith(safe, StringComparison.Ordinal), "cut inside a character: " + safe.Length);
        }

        [Theory]
        [InlineData("CONIN$")]
        [InlineData("conout$")]
        [InlineData("COM\u00B9")]
        [InlineData("LPT\u00B3.take2")]
        [InlineData("NUL .x")]
        [InlineData("COM0")]
        public void WindowsDeviceNamesAreNeverUsedAsIs(string name)
        {
            string safe = SafeFileName.From(name)!;

            Assert.StartsWith("_", safe, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("intro\u202Egnp.exe")]
        [InlineData("a\u001b[31mred")]
        [InlineData("two\nlines")]
        [InlineData("x\u2066y\u2069")]
        public void ControlAndBidiCharactersNeverReachAFileNameOrAMessageRaw(string name)
        {
            string safe = SafeFileName.From(name)!;
            string shown = DisplayText.Escape(name)!;

            Assert.DoesNotContain(safe, DisplayText.IsUnsafe);
            Assert.DoesNotContain(shown, DisplayText.IsUnsafe);
            Assert.Contains("\\u{", shown, StringComparison.Ordinal);
        }

        [Fact]
        public void OneDayIsSingular()
        {
            Assert.Equal("1 day", Akool.Webhooks.WebhookVerifier.Describe(TimeSpan.FromDays(1)));
            Assert.Equal("2 days", Akool.Webhooks.WebhookVerifier.Describe(TimeSpan.FromDays(2)));
            Assert.Equal("1 minute", Akool.Webhooks.WebhookVerifier.Describe(TimeSpan.FromMinutes(1)));
        }
    }
}
