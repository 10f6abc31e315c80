using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Akool.Client;
using Akool.Models;

namespace Akool.Input
{
    /// <summary>
    /// Turns a user's Name into a file name that is valid on Windows, Linux and macOS and cannot point outside the
    /// destination folder (no separators, no "..", no drive letters, no device names, no control or bidi characters).
    /// </summary>
    internal static class SafeFileName
    {
        /// <summary>The extension every saved video gets.</summary>
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

        /// <summary>The longest base name (without extension), in UTF-8 bytes, that still fits with the partial suffix.</summary>
        public static int MaximumBaseBytes => MaximumNameBytes - ReservedBytes;

        /// <summary>A safe base name (without extension) for <paramref name="name"/>, or null when nothing usable is left.</summary>
        public static string? From(string name)
        {
            var text = new StringBuilder(name.Length);
            foreach (char c in name.Trim()) text.Append(DisplayText.IsUnsafe(c) || Forbidden.Contains(c) ? '_' : c);
            string safe = Truncate(text.ToString().Trim(' ', '.')).TrimEnd(' ', '.');
            if (safe.Length == 0 || safe.All(c => c == '_')) return null;
            if (IsDeviceName(safe)) safe = "_" + safe;
            return safe;
        }

        /// <summary>True when <paramref name="path"/> is inside <paramref name="folder"/> (both full paths).</summary>
        public static bool IsInside(string path, string folder)
        {
            string root = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
            return Path.GetFullPath(path).StartsWith(root, StringComparison.Ordinal);
        }

        /// <summary>
        /// Windows treats these as devices whatever the extension or trailing spaces ("CON.mp4", "com1 .x"); the
        /// superscript digits count too. Checked on every platform, so a batch saves the same names everywhere.
        /// </summary>
        private static bool IsDeviceName(string name)
        {
            string stem = name.Split('.')[0].TrimEnd(' ');
            return DeviceNames.Contains(stem, StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>Cuts at whole text elements (never inside a surrogate pair or a combining sequence) to fit both caps.</summary>
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
