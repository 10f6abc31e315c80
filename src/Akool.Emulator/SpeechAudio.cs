using System;
using System.Text;

namespace Akool.Emulator
{
    /// <summary>
    /// Generates the MP3s the emulator serves for speech: an ID3v2.3 tag naming the speech (so every speech's bytes
    /// differ), then silent MPEG-1 Layer III frames. Each frame is 144 bytes: the header <c>FF FB 18 C0</c>
    /// (sync, MPEG-1, Layer III, no CRC, 32 kbit/s, 32 kHz, no padding, mono), 17 bytes of side information that are
    /// all zero (no main data, so every granule decodes to silence), then 123 zero bytes. 144 = 144 x 32000 / 32000,
    /// so no padding is ever needed; 1152 samples at 32 kHz make 36 ms per frame. Checked with ffprobe and mpg123
    /// (see Assets/README.md).
    /// </summary>
    internal static class SpeechAudio
    {
        public const int FrameBytes = 144;
        public const int FrameMilliseconds = 36;
        private const int MinimumFrames = 28;
        private const int MillisecondsPerCharacter = 60;
        private static readonly byte[] Header = { 0xFF, 0xFB, 0x18, 0xC0 };

        /// <summary>How many frames the speech of <paramref name="characters"/> characters lasts: 60 ms a character, at least about 1 s.</summary>
        public static int FramesFor(int characters) =>
            Math.Max(MinimumFrames, (int)Math.Ceiling(characters * (double)MillisecondsPerCharacter / FrameMilliseconds));

        public static TimeSpan DurationOf(int frames) => TimeSpan.FromMilliseconds((long)frames * FrameMilliseconds);

        /// <summary>The whole file: the tag, then <paramref name="frames"/> silent frames.</summary>
        public static byte[] Mp3(string title, int frames)
        {
            byte[] tag = Id3Tag(title);
            byte[] bytes = new byte[tag.Length + (frames * FrameBytes)];
            tag.CopyTo(bytes, 0);
            for (int offset = tag.Length; offset < bytes.Length; offset += FrameBytes)
            {
                Header.CopyTo(bytes, offset);
            }

            return bytes;
        }

        /// <summary>An ID3v2.3 tag with one TIT2 (title) frame in ISO-8859-1.</summary>
        private static byte[] Id3Tag(string title)
        {
            byte[] text = Encoding.Latin1.GetBytes(title);
            int frameSize = 1 + text.Length;
            int tagSize = 10 + frameSize;
            byte[] tag = new byte[10 + tagSize];
            Encoding.ASCII.GetBytes("ID3", tag.AsSpan(0));
            tag[3] = 3;
            tag[4] = 0;
            tag[5] = 0;

            // The tag size is "syncsafe": 7 bits per byte.
            tag[6] = (byte)((tagSize >> 21) & 0x7F);
            tag[7] = (byte)((tagSize >> 14) & 0x7F);
            tag[8] = (byte)((tagSize >> 7) & 0x7F);
            tag[9] = (byte)(tagSize & 0x7F);
            Encoding.ASCII.GetBytes("TIT2", tag.AsSpan(10));
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(tag.AsSpan(14), frameSize);
            tag[20] = 0;
            text.CopyTo(tag, 21);
            return tag;
        }
    }
}
