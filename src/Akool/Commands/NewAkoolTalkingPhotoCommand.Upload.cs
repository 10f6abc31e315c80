using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Errors;
using Akool.Input;
using Akool.Journal;

namespace Akool.Commands
{
    // Local files, each distinct file stored once per run: -UploadUri writes from the workers; -Uploader is a script
    // block, so it runs on the pipeline thread (a script block belongs to its runspace), once the row is approved.
    public sealed partial class NewAkoolTalkingPhotoCommand
    {
        private const int UploadActivityId = 0x4B5;

        // Pipeline thread only: the files read (by full path), the writes decided (by blob name), the uploader's URLs.
        private readonly Dictionary<string, LocalFile> _localFiles = new Dictionary<string, LocalFile>(StringComparer.Ordinal);
        private readonly Dictionary<string, Lazy<Task>> _blobPuts = new Dictionary<string, Lazy<Task>>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _uploaderUrls = new Dictionary<string, string>(StringComparer.Ordinal);
        private BlobContainer? _container;
        private SaveProgress? _uploadProgress;

        /// <summary>The photo as a file on this computer (instead of -TalkingPhotoUrl); needs -UploadUri or -Uploader.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("photo_path")]
        [AllowEmptyString]
        [AllowNull]
        public string? PhotoPath { get; set; }

        /// <summary>The speech as a file on this computer (instead of -AudioUrl or -Text); needs -UploadUri or -Uploader.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("audio_path")]
        [AllowEmptyString]
        [AllowNull]
        public string? AudioPath { get; set; }

        /// <summary>An Azure Blob Storage container URL with a SAS that may create and write blobs; local files are stored there.</summary>
        [Parameter]
        public Uri? UploadUri { get; set; }

        /// <summary>A read-only SAS (sp=r) of the -UploadUri container, the only credential Akool receives with each file's URL.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? UploadReadSas { get; set; }

        /// <summary>A script block that stores a file ($_ or $args[0], a FileInfo) anywhere and returns the URL Akool reads it from.</summary>
        [Parameter]
        public ScriptBlock? Uploader { get; set; }

        private bool Uploads => _container != null || Uploader != null;

        private void BeginUploads()
        {
            string? problem = UploadUri != null && Uploader != null ? "Give one of -UploadUri and -Uploader, not both."
                : UploadReadSas != null && UploadUri == null ? "-UploadReadSas goes with -UploadUri."
                : null;
            if (problem == null && UploadUri != null) _container = BlobContainer.Parse(UploadUri, UploadReadSas, out problem);
            if (problem != null)
            {
                this.Terminate(ErrorClassifier.Create(ErrorIds.UploadTargetInvalid, ErrorCategory.InvalidArgument, UploadUri == null ? null : BlobContainer.Redact(UploadUri.OriginalString),
                    problem + " Nothing was uploaded or sent.", "See Get-Help New-AkoolTalkingPhoto -Parameter UploadUri."));
            }
            if (_container != null) _uploadProgress = new SaveProgress(this, UploadActivityId, "Uploading files for Akool", "uploaded");
        }

        private bool ReadLocalFiles(int row, string subject, AkoolVideo asked, out LocalFile? photo, out LocalFile? audio)
        {
            photo = audio = null;
            string? photoPath = InputRules.Optional(PhotoPath);
            string? audioPath = InputRules.Optional(AudioPath);
            string? problem = photoPath != null && InputRules.Optional(TalkingPhotoUrl) != null ? "the row has both PhotoPath and TalkingPhotoUrl; give one of them."
                : audioPath != null && (InputRules.Optional(AudioUrl) ?? InputRules.Optional(Text)) != null ? "the row has AudioPath and also AudioUrl or Text; give one of them."
                : (photoPath ?? audioPath) != null && !Uploads ? "PhotoPath and AudioPath need a place Akool can read the files from: -UploadUri or -Uploader."
                : null;
            string? typed = photoPath;
            try
            {
                if (problem != null) throw new LocalFileException(ErrorIds.InvalidInput, ErrorCategory.InvalidArgument, problem);
                photo = photoPath == null ? null : Remember(LocalFile.Read(SessionState, photoPath, MediaKind.Image, Known));
                typed = audioPath;
                audio = audioPath == null ? null : Remember(LocalFile.Read(SessionState, audioPath, MediaKind.Audio, Known));
                return true;
            }
            catch (LocalFileException ex)
            {
                _run!.Refuse(ErrorClassifier.Create(ex, ex.ErrorId, ex.Category, CurrentRow(row, asked),
                    problem != null ? $"{subject}: {problem}" : $"{subject}: the file '{typed}' {ex.Message}.",
                    "Fix the row (set -UploadUri once per session in $PSDefaultParameterValues) and run the batch again; nothing was uploaded or sent for it."));
                return false;
            }
        }

        private LocalFile? Known(string path) => _localFiles.TryGetValue(path, out LocalFile? file) ? file : null;

        private LocalFile Remember(LocalFile file) => _localFiles[file.Path] = file;

        private string? Shown(LocalFile? file) => file == null ? null : _container?.BlobUrl(file.BlobName) ?? file.Path;

        // A local input's key is its content, wherever it is stored, so a re-run bills nothing.
        private static TalkingPhotoRequest KeyRequest(TalkingPhotoRequest request, LocalFile? photo, LocalFile? audio) =>
            request.WithUrls(photo == null ? request.TalkingPhotoUrl : "sha256:" + photo.Sha256, audio == null ? request.AudioUrl : "sha256:" + audio.Sha256);

        // The request and video get the URLs shown, never a SAS.
        private bool Store(int row, string subject, LocalFile? photo, LocalFile? audio, ref TalkingPhotoRequest request, ref AkoolVideo video, out RowUploads? uploads)
        {
            uploads = null;
            if (photo == null && audio == null) return true;
            string? photoUrl = photo == null ? null : _container?.ReadUrl(photo.BlobName) ?? RunUploader(row, subject, photo, video);
            string? audioUrl = audio == null ? null : _container?.ReadUrl(audio.BlobName) ?? RunUploader(row, subject, audio, video);
            if ((photo != null && photoUrl == null) || (audio != null && audioUrl == null)) return false;
            if (_container == null)
            {
                request = request.WithUrls(BlobContainer.Redact(photoUrl ?? request.TalkingPhotoUrl), BlobContainer.Redact(audioUrl ?? request.AudioUrl));
                video = new AkoolVideo(video.Name, request.TalkingPhotoUrl, InputRules.Optional(request.AudioUrl), video.WebhookUrl, video.Resolution, video.Prompt);
            }
            var puts = _container == null ? Array.Empty<Lazy<Task>>() : new[] { photo, audio }.Where(f => f != null).Select(f => Put(f!)).ToArray();
            _uploadProgress?.Show();
            uploads = new RowUploads(puts, photoUrl, audioUrl);
            return true;
        }

        private Lazy<Task> Put(LocalFile file)
        {
            BlobContainer container = _container!;
            string url = container.BlobUrl(file.BlobName);
            if (_blobPuts.TryGetValue(file.BlobName, out Lazy<Task>? put)) return put;
            if (_journal?.Find(url)?.State == JournalState.Uploaded)
            {
                WriteVerbose($"'{file.Path}' is already stored as {url} (journal); not uploading it again.");
                return _blobPuts[file.BlobName] = new Lazy<Task>(() => Task.CompletedTask);
            }
            BatchJournal? journal = _journal?.Writable();
            Client.IDownloadProgress progress = _uploadProgress!.Start();
            progress.SetTotal(file.Length);
            (AkoolClient client, Concurrency.WorkContext context, SaveProgress bar) = (ActiveConnection.Client, _work!.Context, _uploadProgress);
            return _blobPuts[file.BlobName] = new Lazy<Task>(() => Task.Run(async () =>
            {
                try
                {
                    context.Log($"Uploading '{file.Path}' ({file.Length:N0} bytes) to {url}.");
                    // The downloads' HttpClient: it carries no Akool credential, and the same proxy settings.
                    await container.PutAsync(client.DownloadHttp, client.Options.Retry, file.Path, file.BlobName, file.ContentType, progress, context.Log, context.Cancellation).ConfigureAwait(false);
                    bar.Saved();
                }
                finally
                {
                    bar.Finished();
                }
                try
                {
                    journal?.Append(new JournalEntry { Key = url, State = JournalState.Uploaded, Name = Path.GetFileName(file.Path) });
                }
                catch (IOException ex)
                {
                    // The row's own write-ahead line fails the same way and stops it; the blob is merely uploaded again next run.
                    context.Log($"The journal could not record the upload of {url}: {ex.Message}");
                }
            }), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        private string? RunUploader(int row, string subject, LocalFile file, AkoolVideo video)
        {
            if (_uploaderUrls.TryGetValue(file.BlobName, out string? known)) return known;
            var info = new FileInfo(file.Path);
            Collection<PSObject> output;
            try
            {
                output = Uploader!.InvokeWithContext(null, new List<PSVariable> { new PSVariable("_", info) }, info);
            }
            catch (RuntimeException ex)
            {
                _run!.Refuse(ErrorClassifier.Create(ex, ErrorIds.UploadFailed, ex.ErrorRecord.CategoryInfo.Category, CurrentRow(row, video),
                    $"{subject}: -Uploader failed for '{file.Path}': {ex.Message}", "Fix the uploader or the storage and run the batch again; nothing was sent for this row."));
                return null;
            }
            string? returned = output.Where(o => o?.BaseObject != null).Select(o => o.BaseObject.ToString()).LastOrDefault();
            string? url = InputRules.PublicUrl(returned, "-Uploader's URL", required: true, out string? problem);
            if (url == null)
            {
                // Never the returned text itself in the message: a pre-signed URL's query is a credential.
                _run!.Refuse(ErrorClassifier.Create(ErrorIds.UploadFailed, ErrorCategory.InvalidResult, CurrentRow(row, video),
                    $"{subject}: -Uploader returned {(returned == null ? "nothing" : $"'{BlobContainer.Redact(returned)}', not an absolute http(s) URL")} for '{file.Path}'.",
                    "The uploader must output the one URL Akool reads the file from (its last output is taken)."));
                return null;
            }
            return _uploaderUrls[file.BlobName] = url;
        }

        private static async Task<(TalkingPhotoRequest? Request, Exception? Error)> UploadedAsync(RowUploads uploads, TalkingPhotoRequest request)
        {
            try
            {
                foreach (Lazy<Task> put in uploads.Puts) await put.Value.ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                return (null, ex);
            }
            return (request.WithUrls(uploads.PhotoUrl ?? request.TalkingPhotoUrl, uploads.AudioUrl ?? request.AudioUrl), null);
        }

        private static ErrorRecord UploadFailed(Exception ex, string subject, AkoolVideo video)
        {
            ErrorCategory category = ex is AkoolApiException api ? ErrorClassifier.Classify(api.Kind).Category : ErrorCategory.WriteError;
            return ErrorClassifier.Create(ex, ErrorIds.UploadFailed, category, video, $"{subject}: a file could not be uploaded: {ex.Message}",
                "Check the container and its SAS (it must allow create and write), then run the batch again; nothing was sent for this row.");
        }

        private sealed record RowUploads(Lazy<Task>[] Puts, string? PhotoUrl, string? AudioUrl);
    }
}
