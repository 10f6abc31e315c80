using System;
using System.Text;
using Akool.Input;
using Xunit;

namespace Akool.Tests.Input
{
    /// <summary>What a file is, by its first bytes: the check that keeps a share page or a text file from being billed.</summary>
    public sealed class MediaSnifferTests
    {
        [Theory]
        [InlineData("FF D8 FF E0 00 10 4A 46 49 46", "Image")]
        [InlineData("89 50 4E 47 0D 0A 1A 0A 00 00", "Image")]
        [InlineData("52 49 46 46 24 00 00 00 57 45 42 50", "Image")]
        [InlineData("49 44 33 04 00 00 00 00", "Audio")]
        [InlineData("FF FB 90 64 00 00", "Audio")]
        [InlineData("52 49 46 46 24 00 00 00 57 41 56 45", "Audio")]
        [InlineData("00 00 00 20 66 74 79 70 4D 34 41 20", "Audio")]
        [InlineData("FF F1 50 80 00 1F", "Audio")]
        [InlineData("EF BB BF 0A 20 3C 21 44 4F 43 54 59 50 45", "WebPage")]
        [InlineData("3C 68 74 6D 6C 3E", "WebPage")]
        [InlineData("68 65 6C 6C 6F 20 77 6F 72 6C 64", "Unknown")]
        [InlineData("52 49 46 46 24 00", "Unknown")]
        [InlineData("", "Unknown")]
        public void TheFirstBytesDecideTheKind(string hex, string expected)
        {
            byte[] head = hex.Length == 0 ? Array.Empty<byte>() : Array.ConvertAll(hex.Split(' '), h => Convert.ToByte(h, 16));
            Assert.Equal(expected, MediaSniffer.Sniff(head, head.Length).ToString());
        }

        [Fact]
        public void OnlyTheCountedBytesAreRead()
        {
            byte[] buffer = new byte[MediaSniffer.HeadLength];
            Encoding.ASCII.GetBytes("ID3").CopyTo(buffer, 0);
            Assert.Equal(MediaKind.Unknown, MediaSniffer.Sniff(buffer, 2));
            Assert.Equal(MediaKind.Audio, MediaSniffer.Sniff(buffer, 3));
        }
    }
}
