using System;
using System.IO;
using System.Linq;
using System.Text;

namespace Akool
{
    /// <summary>
    /// Turns a user's Name into a file name that is valid on Windows, Linux and macOS and cannot point outside the
    /// destination folder (no separators, no "..", no drive letters, no device names).
    /// </summary>
    internal static class SafeFileName
    {
        private const int MaximumLength = 120;
        private static readonly char[] Forbidden = Path.GetInvalidFileNameChars().Concat(new[] { '/', '\\', ':', '*', '?', '"', '<', '>', '|' }).Distinct().ToArray();
        private static readonly string[] DeviceNames = { "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9" };

        /// <summary>A safe base name (without extension) for <paramref name="name"/>, or null when nothing usable is left.</summary>
        public static string? From(string name)
        {
            var text = new StringBuilder(name.Length);
            foreach (char c in name.Trim()) text.Append(char.IsControl(c) || Forbidden.Contains(c) ? '_' : c);
            string safe = text.ToString().Trim(' ', '.');
            if (safe.Length > MaximumLength) safe = safe.Substring(0, MaximumLength).TrimEnd(' ', '.');
            if (safe.Length == 0 || safe.All(c => c == '_')) return null;
            if (DeviceNames.Contains(safe.Split('.')[0], StringComparer.OrdinalIgnoreCase)) safe = "_" + safe;
            return safe;
        }

        /// <summary>True when <paramref name="path"/> is inside <paramref name="folder"/> (both full paths).</summary>
        public static bool IsInside(string path, string folder)
        {
            string root = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
            return Path.GetFullPath(path).StartsWith(root, StringComparison.Ordinal);
        }
    }
}
