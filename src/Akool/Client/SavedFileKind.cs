using System;

namespace Akool.Client
{
    /// <summary>
    /// What a saved file must start like for -SkipExisting to take it as already saved (VideoDownloader.CheckExistingAsync):
    /// a quick look at its first bytes, so that a text file or a half-written other format is never taken for a download.
    /// </summary>
    internal sealed class SavedFileKind
    {
        /// <summary>A video: every MP4 starts with a box whose type, at bytes 4-7, is "ftyp".</summary>
        public static readonly SavedFileKind Mp4Video = new SavedFileKind("an MP4 video", "a saved video", 8,
            head => head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p');

        /// <summary>
        /// A speech (the contract: the result is "the speech's MP3 URL"): an MP3 starts with an ID3v2 tag ("ID3") or
        /// straight with an MPEG audio frame, whose header begins with 11 set sync bits.
        /// </summary>
        public static readonly SavedFileKind Mp3Speech = new SavedFileKind("an MP3 speech", "a saved speech", 4,
            head => (head[0] == 'I' && head[1] == 'D' && head[2] == '3') || (head[0] == 0xFF && (head[1] & 0xE0) == 0xE0));

        private readonly Func<byte[], bool> _startsLike;

        private SavedFileKind(string name, string savedName, int headLength, Func<byte[], bool> startsLike)
        {
            Name = name;
            SavedName = savedName;
            HeadLength = headLength;
            _startsLike = startsLike;
        }

        /// <summary>The format, in messages ("an MP4 video").</summary>
        public string Name { get; }

        /// <summary>What a file of this kind is to the user, in messages ("a saved video").</summary>
        public string SavedName { get; }

        /// <summary>How many bytes <see cref="StartsLike"/> looks at; a shorter file cannot be of this kind.</summary>
        public int HeadLength { get; }

        /// <summary>Whether <paramref name="head"/> (<see cref="HeadLength"/> bytes) starts a file of this kind.</summary>
        public bool StartsLike(byte[] head) => _startsLike(head);
    }
}
