using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Akool.Client;
using Akool.Models;

namespace Akool.Input
{
    internal static class SafeFileName
    {
        public const string Extension = ".mp4";

        // File systems limit a name's length in bytes (255 UTF-8 bytes on ext4, XFS, APFS) or UTF-16 units (255 on
        // NTFS); UTF-8 never takes fewer bytes than UTF-16 has units, so a UTF-8 cap serves both. The longest name
        // ever written is the partial file's: <name>.mp4.<8 hex>.akool-partial.
        private const int MaximumNameBytes = 255;
        private const int MaximumCharacters = 120;
        private static readonly int ReservedBytes = Extension.Length + 1 + 8 + VideoDownloader.PartialSuffix.Length;
        private static readonly char[] Forbidden = Path.GetInvalidFileNameChars().Concat(new[] { '/', '\\', ':', '*', '?', '"', '<', '>', '|' }).Distinct().ToArray();
        private static readonly string[] DeviceNames =
        {
            "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$",
            "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM\u00B9", "COM\u00B2", "COM\u00B3",
            "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT\u00B9", "LPT\u00B2", "LPT\u00B3",
        };

        public static int MaximumBaseBytes => MaximumNameBytes - ReservedBytes;

        public static string? From(string name)
        {
            var text = new StringBuilder(name.Length);
            foreach (char c in name.Trim()) text.Append(DisplayText.IsUnsafe(c) || Forbidden.Contains(c) ? '_' : c);
            string safe = Truncate(text.ToString().Trim(' ', '.')).TrimEnd(' ', '.');
            if (safe.Length == 0 || safe.All(c => c == '_')) return null;
            if (IsDeviceName(safe)) safe = "_" + safe;
            return safe;
        }

        public static bool IsInside(string path, string folder)
        {
            string root = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
            return Path.GetFullPath(path).StartsWith(root, StringComparison.Ordinal);
        }

        // Windows devices whatever the extension or trailing spaces ("CON.mp4"), superscript digits too; checked on every
        // platform so a batch saves the same names everywhere.
        private static bool IsDeviceName(string name)
        {
            string stem = name.Split('.')[0].TrimEnd(' ');
            return DeviceNames.Contains(stem, StringComparer.OrdinalIgnoreCase);
        }

        private static string Truncate(string name)
        {
            if (name.Length <= MaximumCharacters && Encoding.UTF8.GetByteCount(name) <= MaximumBaseBytes) return name;
            var kept = new StringBuilder();
            int bytes = 0;
            TextElementEnumerator elements = StringInfo.GetTextElementEnumerator(name);
            while (elements.MoveNext())
            {
                string element = elements.GetTextElement();
                int size = Encoding.UTF8.GetByteCount(element);
                if (kept.Length + element.Length > MaximumCharacters || bytes + size > MaximumBaseBytes) break;
                kept.Append(element);
                bytes += size;
            }
            return kept.ToString();
        }
    }
}
