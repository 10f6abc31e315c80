using System;
using System.Text;

namespace Akool.Input
{
    internal enum MediaKind { Unknown, Image, Audio, WebPage }

    // By their first bytes, whatever a file's extension or a server's Content-Type claims: Akool bills the create
    // before it finds out.
    internal static class MediaSniffer
    {
        public const int HeadLength = 64;

        // The contract gives no size limits for talking photo. Akool's sibling products document 10 MB images and
        // 50 MB audio; a file above these is refused before anything is billed rather than after.
        public const long MaxImageBytes = 10L * 1024 * 1024;
        public const long MaxAudioBytes = 50L * 1024 * 1024;

        public static MediaKind Sniff(byte[] head, int count)
        {
            if (IsImage(head, count)) return MediaKind.Image;
            if (IsAudio(head, count)) return MediaKind.Audio;
            return IsWebPage(head, count) ? MediaKind.WebPage : MediaKind.Unknown;
        }

        public static (string Extension, string ContentType)? Format(byte[] b, int n)
        {
            switch (Sniff(b, n))
            {
                case MediaKind.Image:
                    return b[0] == 0xFF ? (".jpg", "image/jpeg") : b[0] == 0x89 ? (".png", "image/png") : (".webp", "image/webp");
                case MediaKind.Audio:
                    if (Ascii(b, n, 0, "RIFF")) return (".wav", "audio/wav");
                    if (Ascii(b, n, 4, "ftyp")) return (".m4a", "audio/mp4");
                    return b[0] == 0xFF && (b[1] & 0xF6) == 0xF0 ? (".aac", "audio/aac") : (".mp3", "audio/mpeg");
                default:
                    return null;
            }
        }

        // JPEG, PNG and WebP: the formats Akool documents for photos.
        private static bool IsImage(byte[] b, int n) =>
            StartsWith(b, n, 0, 0xFF, 0xD8, 0xFF)
            || StartsWith(b, n, 0, 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A)
            || (Ascii(b, n, 0, "RIFF") && Ascii(b, n, 8, "WEBP"));

        // MP3 (an ID3 tag or an MPEG audio frame sync), WAV, and M4A/AAC (an MP4 'ftyp' box of an audio brand, or
        // a raw ADTS stream).
        private static bool IsAudio(byte[] b, int n) =>
            Ascii(b, n, 0, "ID3")
            || (n >= 2 && b[0] == 0xFF && (b[1] & 0xE0) == 0xE0 && (b[1] & 0x06) != 0)
            || (Ascii(b, n, 0, "RIFF") && Ascii(b, n, 8, "WAVE"))
            || (Ascii(b, n, 4, "ftyp") && (Ascii(b, n, 8, "M4A ") || Ascii(b, n, 8, "M4B ") || Ascii(b, n, 8, "mp42") || Ascii(b, n, 8, "isom")))
            || (n >= 2 && b[0] == 0xFF && (b[1] & 0xF6) == 0xF0);

        // A share link answers HTML: after any byte-order mark and white space it starts with '<'.
        private static bool IsWebPage(byte[] b, int n)
        {
            int i = StartsWith(b, n, 0, 0xEF, 0xBB, 0xBF) ? 3 : 0;
            while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) i++;
            return i < n && b[i] == '<';
        }

        private static bool Ascii(byte[] b, int n, int at, string text) =>
            StartsWith(b, n, at, Encoding.ASCII.GetBytes(text));

        private static bool StartsWith(byte[] b, int n, int at, params byte[] prefix)
        {
            if (at + prefix.Length > Math.Min(n, b.Length)) return false;
            for (int i = 0; i < prefix.Length; i++)
            {
                if (b[at + i] != prefix[i]) return false;
            }
            return true;
        }
    }
}
