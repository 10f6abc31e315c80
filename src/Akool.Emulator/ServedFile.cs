using System;

namespace Akool.Emulator
{
    /// <summary>
    /// Bytes the <see cref="CdnFileServer"/> can serve in any range: a video is computed on demand (it may be 1 GiB),
    /// an MP3 is a small array; the server needs only the length and a way to read from an offset.
    /// </summary>
    internal interface IServedContent
    {
        long Length { get; }

        /// <summary>Fills <paramref name="destination"/> with the bytes starting at <paramref name="offset"/>; returns how many.</summary>
        int Read(long offset, Span<byte> destination);
    }

    /// <summary>An in-memory file (the speech and voice-preview MP3s) as <see cref="IServedContent"/>.</summary>
    internal sealed class ByteContent : IServedContent
    {
        private readonly byte[] _bytes;

        public ByteContent(byte[] bytes) => _bytes = bytes;

        public long Length => _bytes.Length;

        public int Read(long offset, Span<byte> destination)
        {
            if (offset >= _bytes.Length)
            {
                return 0;
            }

            int n = (int)Math.Min(destination.Length, _bytes.Length - offset);
            _bytes.AsSpan((int)offset, n).CopyTo(destination);
            return n;
        }
    }

    /// <summary>What a handler found for a URL: the bytes and the headers that describe them (a null ETag sends none).</summary>
    internal sealed record ServedFile(IServedContent Content, string ContentType, string? ETag, DateTimeOffset LastModified);
}
