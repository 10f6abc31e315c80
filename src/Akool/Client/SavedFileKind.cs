using System;

namespace Akool.Client
{
    // What a file must start like for -SkipExisting to take it as saved, so a text file or another format never passes.
    internal sealed class SavedFileKind(string name, string savedName, int headLength, Func<byte[], bool> startsLike)
    {
        // Every MP4 starts with a box whose type, at bytes 4-7, is "ftyp".
        public static readonly SavedFileKind Mp4Video = new SavedFileKind("an MP4 video", "a saved video", 8,
            head => head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p');

        // An ID3v2 tag, or straight an MPEG audio frame, whose header begins with 11 set sync bits.
        public static readonly SavedFileKind Mp3Speech = new SavedFileKind("an MP3 speech", "a saved speech", 4,
            head => (head[0] == 'I' && head[1] == 'D' && head[2] == '3') || (head[0] == 0xFF && (head[1] & 0xE0) == 0xE0));

        public string Name { get; } = name;

        public string SavedName { get; } = savedName;

        public int HeadLength { get; } = headLength;

        public bool StartsLike(byte[] head) => startsLike(head);
    }
}
