using System;
using System.IO;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Akool.Client;

namespace Akool
{
    /// <summary>
    /// What Save-AkoolVideo and Save-AkoolSpeech do with a file already at the target: refuse it without -Force or
    /// -SkipExisting, and with -SkipExisting take it as saved only when it can be that download.
    /// </summary>
    internal static class ExistingFiles
    {
        /// <summary>Terminates the cmdlet when both -Force and -SkipExisting are given (call in BeginProcessing).</summary>
        public static void RefuseForceWithSkip(Cmdlet cmdlet, bool force, bool skipExisting)
        {
            if (force && skipExisting)
            {
                cmdlet.ThrowTerminatingError(ErrorClassifier.Create(ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, null, "-Force and -SkipExisting contradict each other; use one."));
            }
        }

        /// <summary>The error for a file already at <paramref name="path"/> when neither -Force nor -SkipExisting is given.</summary>
        /// <param name="item">The video or speech, the error's target.</param>
        /// <param name="subject">The item's label in messages ("Video …", "Speech …").</param>
        /// <param name="path">The target file.</param>
        /// <param name="renameAdvice">The third way out, after -Force and -SkipExisting ("give the row another Name").</param>
        public static ErrorRecord Exists(object item, string subject, string path, string renameAdvice) =>
            ErrorClassifier.Create(ErrorIds.FileExists, ErrorCategory.ResourceExists, item,
                $"{subject}: '{path}' already exists.",
                $"Pass -Force to overwrite it, -SkipExisting to keep it, or {renameAdvice}.");

        /// <summary>
        /// -SkipExisting, run in the background like a download (it may ask the server for the file's length): the
        /// existing file is emitted as saved only when it can be this download (VideoDownloader.CheckExistingAsync,
        /// which compares its length with the server's when <paramref name="url"/> is known); otherwise it is left
        /// alone and reported. Returns the report for the pipeline thread.
        /// </summary>
        public static async Task<Action> KeepAsync(AsyncPipelineCmdlet cmdlet, VideoDownloader downloader, SavedFileKind kind,
            string path, Uri? url, object item, string subject, CancellationToken cancellationToken)
        {
            try
            {
                string? problem = await downloader.CheckExistingAsync(path, url, kind, cancellationToken).ConfigureAwait(false);
                if (problem == null)
                {
                    return () =>
                    {
                        cmdlet.WriteVerbose($"{subject}: '{path}' already exists; skipped (-SkipExisting).");
                        cmdlet.WriteObject(new FileInfo(path));
                    };
                }
                return () => cmdlet.WriteError(ErrorClassifier.Create(ErrorIds.FileExists, ErrorCategory.ResourceExists, item,
                    $"{subject}: '{path}' already exists, but {problem}; it was left alone and not counted as saved.",
                    "Move or delete that file and run again, or pass -Force to replace it."));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return () => cmdlet.WriteFailure(ex, $"{subject}: checking the existing '{path}' failed", item);
            }
        }
    }
}
