using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;

namespace Akool.Emulator
{
    /// <summary>
    /// The bytes of one job's video: the embedded clip, then one top-level MP4 <c>free</c> box (which players skip)
    /// whose payload repeats a line naming the job, up to the requested size. Any byte range is computed on demand,
    /// so a 1 GiB video is served without holding it in memory.
    /// </summary>
    internal sealed class VideoContent : IServedContent
    {
        private static readonly byte[] ClipBytes = LoadClip();
        private readonly byte[] _header;
        private readonly byte[] _pattern;

        public VideoContent(string jobId, long requestedSize)
        {
            _pattern = Encoding.ASCII.GetBytes("akool-emulator video " + jobId + "\n");
            long minimum = ClipBytes.Length + 8 + _pattern.Length;
            long total = Math.Max(requestedSize, minimum);
            long boxSize = total - ClipBytes.Length;
            if (boxSize <= uint.MaxValue)
            {
                _header = new byte[8];
                BinaryPrimitives.WriteUInt32BigEndian(_header, (uint)boxSize);
            }
            else
            {
                // The 64-bit "largesize" form: size field 1, then the real size after the type.
                _header = new byte[16];
                BinaryPrimitives.WriteUInt32BigEndian(_header, 1);
                BinaryPrimitives.WriteUInt64BigEndian(_header.AsSpan(8), (ulong)boxSize);
            }

            Encoding.ASCII.GetBytes("free", _header.AsSpan(4));
            Length = total;
        }

        /// <summary>The natural clip, as embedded.</summary>
        public static ReadOnlySpan<byte> Clip => ClipBytes;

        public long Length { get; }

        /// <summary>Fills <paramref name="destination"/> with the bytes starting at <paramref name="offset"/>; returns how many.</summary>
        public int Read(long offset, Span<byte> destination)
        {
            int written = 0;
            while (written < destination.Length && offset < Length)
            {
                Span<byte> rest = destination.Slice(written);
                int n;
                if (offset < ClipBytes.Length)
                {
                    n = Copy(ClipBytes, (int)offset, rest);
                }
                else if (offset < ClipBytes.Length + _header.Length)
                {
                    n = Copy(_header, (int)(offset - ClipBytes.Length), rest);
                }
                else
                {
                    long payloadOffset = offset - ClipBytes.Length - _header.Length;
                    int start = (int)(payloadOffset % _pattern.Length);
                    long remaining = Length - offset;
                    Span<byte> target = rest.Length > remaining ? rest.Slice(0, (int)remaining) : rest;
                    n = Copy(_pattern, start, target);
                }

                written += n;
                offset += n;
            }

            return written;
        }

        public byte[] ToArray()
        {
            if (Length > int.MaxValue)
            {
                throw new InvalidOperationException("The video is too large for one array; read it in ranges.");
            }

            byte[] bytes = new byte[Length];
            Read(0, bytes);
            return bytes;
        }

        private static int Copy(byte[] source, int start, Span<byte> destination)
        {
            int n = Math.Min(source.Length - start, destination.Length);
            source.AsSpan(start, n).CopyTo(destination);
            return n;
        }

        private static byte[] LoadClip()
        {
            using Stream? stream = typeof(VideoContent).Assembly.GetManifestResourceStream("Akool.Emulator.clip.mp4");
            if (stream is null)
            {
                throw new InvalidOperationException("The embedded clip Akool.Emulator.clip.mp4 is missing from the assembly.");
            }

            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return memory.ToArray();
        }
    }
}
