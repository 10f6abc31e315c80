using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Concurrency;
using Akool.Errors;
using Akool.Input;

namespace Akool
{
    // What the one save path needs to know of a kind of Akool result (videos, speeches); each Save cmdlet supplies one.
    internal abstract class SaveKind<T>(string noun, string plural, string extension, SavedFileKind file, int progressActivityId, string renameAdvice, string notFoundAdvice, string expiredAdvice)
        where T : class
    {
        public string Noun { get; } = noun;

        public string Plural { get; } = plural;

        public string Extension { get; } = extension;

        public SavedFileKind File { get; } = file;

        public int ProgressActivityId { get; } = progressActivityId;

        // The third way out of a file conflict, after -Force and -SkipExisting.
        public string RenameAdvice { get; } = renameAdvice;

        public string NotFoundAdvice { get; } = notFoundAdvice;

        public string ExpiredAdvice { get; } = expiredAdvice;

        public abstract string Id(T item);

        public abstract string? Name(T item);

        public abstract string Describe(T item);

        public abstract bool IsReady(T item);

        public abstract string Url(T item);

        // A speech still being spoken is waited for, pausing through the context.
        public abstract Task<T> ReadAsync(AkoolClient client, T item, WorkContext context);

        public abstract ErrorRecord? NotReady(T item, Action<string> warn);

        public abstract (string Id, ErrorCategory Category) Classify(AkoolErrorKind kind);
    }

    // One run of Save-AkoolVideo or Save-AkoolSpeech, which are thin over it. Decide on the pipeline thread, download
    // in parallel, report in completion order.
    internal sealed class SaveRun<T>
        where T : class
    {
        // On Ctrl+C the downloads are cancelled at once; this bounds the wait for them to delete their partial files.
        private static readonly TimeSpan CleanupGrace = TimeSpan.FromSeconds(5);

        private readonly AkoolApiCmdlet _cmdlet;
        private readonly SaveKind<T> _kind;
        private readonly bool _force;
        private readonly bool _skipExisting;
        private readonly string _destination;
        // File name → the id being saved to it (the destination is one folder for the whole run).
        private readonly Dictionary<string, string> _claimedBy = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        private readonly VideoDownloader _downloader;
        private readonly BackgroundWork<Work> _work;
        private readonly SaveProgress _progress;
        private bool _prepared;

        public SaveRun(AkoolApiCmdlet cmdlet, SaveKind<T> kind, string? destination, bool force, bool skipExisting, int throttleLimit)
        {
            if (force && skipExisting)
            {
                cmdlet.ThrowTerminatingError(ErrorClassifier.Create(ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, null, "-Force and -SkipExisting contradict each other; use one."));
            }
            _cmdlet = cmdlet;
            _kind = kind;
            _force = force;
            _skipExisting = skipExisting;
            _destination = destination == null
                ? cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath
                : FileSystemPath.Resolve(cmdlet, destination, ErrorIds.DestinationInvalid, "destination");
            if (File.Exists(_destination))
            {
                cmdlet.ThrowTerminatingError(ErrorClassifier.Create(ErrorIds.DestinationInvalid, ErrorCategory.InvalidArgument, _destination,
                    $"The destination '{_destination}' is a file; it must be a folder.", "Give a folder path (it is created when missing)."));
            }
            _downloader = new VideoDownloader(cmdlet.ActiveConnection.Client);
            _work = cmdlet.StartEngine<Work>(SaveAsync, throttleLimit, ReportOrder.Completion, CleanupGrace);
            _progress = new SaveProgress(cmdlet, kind.ProgressActivityId, "Saving Akool " + kind.Plural);
        }

        public void Process(IEnumerable<T> items) => _work.Guard(() =>
        {
            foreach (T item in items) Start(item);
            _work.Drain();
            _progress.Show();
        });

        public void End() => _work.Guard(() =>
        {
            _work.WaitUntilDone(null, _progress.Show, ThrottledProgress.Every);
            _progress.Complete();
        });

        // Done at the first item, so an empty input (a header-only CSV) leaves no empty folder behind.
        private void Prepare()
        {
            try
            {
                if (!Directory.Exists(_destination))
                {
                    if (!_cmdlet.ShouldProcess(_destination, "Create folder")) return;
                    Directory.CreateDirectory(_destination);
                }
                // Find out now, once, rather than with one error per file.
                string probe = Path.Combine(_destination, ".akool-write-test-" + Guid.NewGuid().ToString("N"));
                using (File.Create(probe, 1, FileOptions.DeleteOnClose))
                {
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException)
            {
                _cmdlet.ThrowTerminatingError(ErrorClassifier.Create(ex, ErrorIds.DestinationInvalid, ErrorCategory.WriteError, _destination,
                    $"Cannot write to the destination '{_destination}': {ex.Message}", "Choose a folder you can write to."));
            }
        }

        private void Start(T item)
        {
            if (!_prepared)
            {
                _prepared = true;
                Prepare();
            }
            string subject = _kind.Describe(item);
            string? path = Claim(item, subject);
            if (path == null) return;
            bool keep = File.Exists(path) && !_force;
            if (keep && !_skipExisting)
            {
                _cmdlet.WriteError(ErrorClassifier.Create(ErrorIds.FileExists, ErrorCategory.ResourceExists, item,
                    $"{subject}: '{path}' already exists.", $"Pass -Force to overwrite it, -SkipExisting to keep it, or {_kind.RenameAdvice}."));
                return;
            }
            if (!keep && !_cmdlet.ShouldProcess(path, $"Save Akool {_kind.Noun} {_kind.Id(item)}")) return;
            // A kept file is checked in the background like a download: proving it whole asks the server.
            _work.Start(new Work(item, path, keep ? null : _progress.Start()));
        }

        // The same item twice (a repeated webhook event) is saved once; a second item wanting a file already claimed is
        // refused before anything is downloaded.
        private string? Claim(T item, string subject)
        {
            string fileName = FileName(item, subject);
            string path = Path.Combine(_destination, fileName);
            if (!SafeFileName.IsInside(path, _destination))
            {
                _cmdlet.WriteError(ErrorClassifier.Create(ErrorIds.DestinationInvalid, ErrorCategory.SecurityError, item,
                    $"{subject}: the file name '{fileName}' would leave the destination folder; refused."));
                return null;
            }
            if (_claimedBy.TryGetValue(fileName, out string? claimedId))
            {
                if (claimedId == _kind.Id(item))
                {
                    _cmdlet.WriteVerbose($"{subject} is already being saved as '{path}' in this batch; skipped.");
                    return null;
                }
                string claimant = $"{_kind.Noun} {claimedId}";
                _cmdlet.WriteError(ErrorClassifier.Create(ErrorIds.FileExists, ErrorCategory.ResourceExists, item,
                    $"{subject} and {claimant} of this batch both want the file '{path}'; it is kept for {claimant}, and nothing was saved for {subject}.",
                    $"Give them different Names: {_kind.RenameAdvice}."));
                return null;
            }
            _claimedBy[fileName] = _kind.Id(item);
            return path;
        }

        private string FileName(T item, string subject)
        {
            string? name = _kind.Name(item);
            string id = _kind.Id(item);
            if (string.IsNullOrWhiteSpace(name)) return id + _kind.Extension;
            string? safe = SafeFileName.From(name!);
            if (safe == null)
            {
                _cmdlet.WriteWarning($"{subject}: the Name has no characters usable in a file name; saving as '{id}{_kind.Extension}'.");
                return id + _kind.Extension;
            }
            if (safe != name!.Trim()) _cmdlet.WriteWarning($"{subject}: the Name is not a safe file name; saving as '{safe}{_kind.Extension}'.");
            return safe + _kind.Extension;
        }

        private async Task<Step<Work>> SaveAsync(Work work, WorkContext context)
        {
            T item = work.Item;
            string subject = _kind.Describe(item);
            AkoolApiException? gone = null;
            try
            {
                T current = item;
                while (true)
                {
                    if (gone != null || !_kind.IsReady(item))
                    {
                        current = await _kind.ReadAsync(_cmdlet.ActiveConnection.Client, item, context).ConfigureAwait(false);
                    }
                    ErrorRecord? notReady = _kind.NotReady(current, warning => context.Post(() => _cmdlet.WriteWarning(warning)));
                    if (notReady != null) return Step<Work>.Report(() => _cmdlet.WriteError(notReady));
                    if (gone != null && _kind.Url(current) == _kind.Url(item)) throw gone;
                    try
                    {
                        return Step<Work>.Report(work.Progress == null
                            ? await KeepAsync(work, current, subject, context).ConfigureAwait(false)
                            : await DownloadAsync(work, current, subject, context).ConfigureAwait(false));
                    }
                    catch (AkoolApiException ex) when (ex.Kind == AkoolErrorKind.Expired && gone == null && ReferenceEquals(current, item))
                    {
                        // The URL came with the object, perhaps from long ago (a signed URL that ran out): ask Akool
                        // once, and try again only if it gives another URL.
                        context.Log($"{subject}: its URL answered HTTP {ex.HttpStatus}; reading it again from Akool.");
                        gone = ex;
                    }
                }
            }
            catch (AkoolApiException ex) when (ex.Kind == AkoolErrorKind.NotFound || ex.Kind == AkoolErrorKind.Expired)
            {
                (string errorId, ErrorCategory category) = _kind.Classify(ex.Kind);
                string message = ex.Kind == AkoolErrorKind.NotFound
                    ? $"{subject}: Akool does not know this {_kind.Noun} id ({ex.Message}), so there is nothing to save."
                    : $"{subject}: its file is no longer served (HTTP {ex.HttpStatus?.ToString(CultureInfo.InvariantCulture) ?? "gone"}{(gone != null ? ", also at the URL Akool gives for it now" : string.Empty)}), so there is nothing to save.";
                return Step<Work>.Report(() => _cmdlet.WriteError(ErrorClassifier.Create(ex, errorId, category, item, message,
                    ex.Kind == AkoolErrorKind.NotFound ? _kind.NotFoundAdvice : _kind.ExpiredAdvice)));
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && context.Cancellation.IsCancellationRequested))
            {
                // (On Ctrl+C the downloader removed its partial file, and there is nothing to report.)
                return Step<Work>.Report(() => _cmdlet.WriteFailure(ex, $"{subject}: saving to '{work.Path}' failed", item));
            }
            finally
            {
                if (work.Progress != null) _progress.Finished();
            }
        }

        private async Task<Action> DownloadAsync(Work work, T current, string subject, WorkContext context)
        {
            long bytes = await _downloader.DownloadAsync(new Uri(_kind.Url(current)), work.Path, _force, work.Progress, context.Log, context.Cancellation).ConfigureAwait(false);
            _progress.Saved();
            return () =>
            {
                _cmdlet.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "{0}: saved {1:N0} bytes to '{2}'.", subject, bytes, work.Path));
                WriteFile(work.Path);
            };
        }

        // -SkipExisting: the file already there counts as saved only when it is proven to be this item's file.
        private async Task<Action> KeepAsync(Work work, T current, string subject, WorkContext context)
        {
            string? problem = await _downloader.CheckExistingAsync(work.Path, new Uri(_kind.Url(current)), _kind.File, context.Log, context.Cancellation).ConfigureAwait(false);
            if (problem == null)
            {
                return () =>
                {
                    _cmdlet.WriteVerbose($"{subject}: '{work.Path}' already exists; skipped (-SkipExisting).");
                    WriteFile(work.Path);
                };
            }
            return () => _cmdlet.WriteError(ErrorClassifier.Create(ErrorIds.FileExists, ErrorCategory.ResourceExists, work.Item,
                $"{subject}: '{work.Path}' already exists, but {problem}; it was left alone and not counted as saved.",
                "Move or delete that file and run again, or pass -Force to replace it."));
        }

        // Through the FileSystem provider, as Get-Item does, so pwsh shows the file with its folder, mode and length.
        private void WriteFile(string path)
        {
            foreach (PSObject file in _cmdlet.InvokeProvider.Item.Get(new[] { path }, false, true)) _cmdlet.WriteObject(file);
        }

        private sealed record Work(T Item, string Path, IDownloadProgress? Progress);
    }
}
