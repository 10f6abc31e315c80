using System;
using System.IO;
using System.Management.Automation;
using System.Security.Cryptography;
using Akool.Errors;

namespace Akool.Input
{
    // Named by its content: one file used by many rows is one blob. The extension comes from the sniffed format, never
    // from the file's own name (a PNG named .jpg is stored as .png).
    internal sealed record LocalFile(string Path, long Length, DateTime Written, string Extension, string ContentType, string Sha256)
    {
        public string BlobName => Sha256 + Extension;

        // A file already read in this run (same path, length and time written) is not read again.
        public static LocalFile Read(SessionState session, string typed, MediaKind expected, Func<string, LocalFile?> earlier)
        {
            string path;
            try
            {
                path = session.Path.GetUnresolvedProviderPathFromPSPath(typed, out ProviderInfo provider, out _);
                if (provider.Name != "FileSystem") throw new LocalFileException(ErrorIds.InvalidInput, ErrorCategory.InvalidArgument, $"is on the {provider.Name} provider; give a file-system path");
            }
            catch (Exception ex) when (ex is ProviderNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is PSNotSupportedException || ex is ArgumentException)
            {
                throw new LocalFileException(ErrorIds.InputFileNotFound, ErrorCategory.ObjectNotFound, "cannot be resolved: " + ex.Message);
            }
            var info = new FileInfo(path);
            if (!info.Exists) throw new LocalFileException(ErrorIds.InputFileNotFound, ErrorCategory.ObjectNotFound, Directory.Exists(path) ? "is a folder, not a file" : "does not exist");
            LocalFile? known = earlier(path);
            if (known != null && known.Length == info.Length && known.Written == info.LastWriteTimeUtc) return known;

            long limit = expected == MediaKind.Image ? MediaSniffer.MaxImageBytes : MediaSniffer.MaxAudioBytes;
            string what = expected == MediaKind.Image ? "a JPEG, PNG or WebP image" : "an MP3, WAV, M4A or AAC audio file";
            if (info.Length > limit)
            {
                throw new LocalFileException(ErrorIds.InputTooLarge, ErrorCategory.InvalidData, $"is {info.Length / 1048576.0:0.#} MB; Akool takes at most {limit / 1048576} MB");
            }
            try
            {
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
                using (SHA256 sha = SHA256.Create())
                {
                    var head = new byte[MediaSniffer.HeadLength];
                    int count = 0;
                    int read;
                    while (count < head.Length && (read = stream.Read(head, count, head.Length - count)) > 0) count += read;
                    (string Extension, string ContentType)? format = MediaSniffer.Sniff(head, count) == expected ? MediaSniffer.Format(head, count) : null;
                    if (format == null)
                    {
                        string found = count == 0 ? "is empty" : MediaSniffer.Sniff(head, count) == MediaKind.WebPage ? "is a web page (HTML)" : "does not start like one";
                        throw new LocalFileException(expected == MediaKind.Image ? ErrorIds.InputNotAnImage : ErrorIds.InputNotAudio, ErrorCategory.InvalidData, $"is not {what}: it {found}");
                    }
                    stream.Position = 0;
                    string hash = BitConverter.ToString(sha.ComputeHash(stream)).Replace("-", string.Empty).ToLowerInvariant();
                    return new LocalFile(path, info.Length, info.LastWriteTimeUtc, format.Value.Extension, format.Value.ContentType, hash);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new LocalFileException(ErrorIds.InputFileUnreadable, ErrorCategory.ReadError, "cannot be read: " + ex.Message);
            }
        }
    }

    // The message completes "the file '…' ".
    internal sealed class LocalFileException(string errorId, ErrorCategory category, string message) : Exception(message)
    {
        public string ErrorId { get; } = errorId;

        public ErrorCategory Category { get; } = category;
    }
}
