using System;
using System.IO;
using System.Management.Automation;
using System.Net.Http;
using System.Net.Sockets;
using Akool.Client;
using Akool.Journal;
using Akool.Models;
using Akool.Webhooks;

namespace Akool.Errors
{
    /// <summary>
    /// The one place where a failure becomes an error record: every cause (the API, a download, the file
    /// system, the journal, a webhook) maps here to a stable error id and the category STYLE.md gives, and the
    /// advice naming cmdlets lives here, not in the Client layer. The message says what happened, then what to do;
    /// each is said once.
    /// </summary>
    internal static class ErrorClassifier
    {
        /// <summary>An error record for <paramref name="exception"/> about <paramref name="subject"/> (for example "Row 3 ('intro')" or "Video 64dd...").</summary>
        public static ErrorRecord From(Exception exception, string subject, object? target)
        {
            (string id, ErrorCategory category, string? advice) = Classify(exception);
            return Create(exception, id, category, target, $"{subject}: {exception.Message}", advice);
        }

        /// <summary>The id, category and advice for <paramref name="exception"/>.</summary>
        public static (string Id, ErrorCategory Category, string? Advice) Classify(Exception exception)
        {
            switch (exception)
            {
                case AkoolApiException api:
                    return Describe(api.Kind);
                case WebhookVerificationException webhook:
                    return Classify(webhook.Failure);
                case TimeoutException _:
                    return (ErrorIds.DownloadFailed, ErrorCategory.OperationTimeout, "The server stopped sending; try again later (a later run resumes nothing, it downloads again).");
                case HttpRequestException _:
                    return (ErrorIds.DownloadFailed, ErrorCategory.ResourceUnavailable, RetryLater);
                case UnauthorizedAccessException _:
                    return (ErrorIds.DownloadFailed, ErrorCategory.WriteError, DiskAdvice);
                case IOException io when IsFileSystem(io):
                    return (ErrorIds.DownloadFailed, ErrorCategory.WriteError, DiskAdvice);
                case IOException _:
                    // What is left of IOException is the transfer's: a connection reset, a body cut short, a
                    // resume at the wrong offset; the downloader already retried it.
                    return (ErrorIds.DownloadFailed, ErrorCategory.ResourceUnavailable, RetryLater);
                default:
                    return (ErrorIds.ApiError, ErrorCategory.NotSpecified, null);
            }
        }

        /// <summary>The id, category and advice (naming the cmdlets involved) of an API failure's kind.</summary>
        public static (string Id, ErrorCategory Category, string? Advice) Describe(AkoolErrorKind kind)
        {
            switch (kind)
            {
                case AkoolErrorKind.InvalidArgument: return (ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, "Check the row's URLs and options.");
                case AkoolErrorKind.NotFound: return (ErrorIds.VideoNotFound, ErrorCategory.ObjectNotFound, "Check the id; Akool keeps results for 7 days.");
                case AkoolErrorKind.Authentication:
                    return (ErrorIds.AuthenticationFailed, ErrorCategory.AuthenticationError,
                        "Check the API key or client credentials, then run Connect-Akool again.");
                case AkoolErrorKind.PermissionDenied:
                    return (ErrorIds.PermissionDenied, ErrorCategory.PermissionDenied,
                        "The account lacks permission or is banned; contact Akool support.");
                case AkoolErrorKind.Quota:
                    return (ErrorIds.QuotaExceeded, ErrorCategory.QuotaExceeded,
                        "Add credit or a subscription in the Akool console (Get-AkoolCredit shows the balance).");
                case AkoolErrorKind.Throttled: return (ErrorIds.Throttled, ErrorCategory.LimitsExceeded, "Lower -ThrottleLimit or try again later.");
                case AkoolErrorKind.ServerUnavailable: return (ErrorIds.ServerUnavailable, ErrorCategory.ResourceUnavailable, RetryLater);
                case AkoolErrorKind.Timeout:
                    return (ErrorIds.RequestTimeout, ErrorCategory.OperationTimeout,
                        "Try again later, or raise -RequestTimeout on Connect-Akool.");
                case AkoolErrorKind.OutcomeUnknown:
                    return (ErrorIds.CreateOutcomeUnknown, ErrorCategory.OperationTimeout,
                        "Look for the video in the Akool console before submitting this row again; with -JournalPath the row is recorded and skipped until you pass -Force.");
                case AkoolErrorKind.InvalidResponse:
                    return (ErrorIds.InvalidResponse, ErrorCategory.InvalidResult,
                        "Check -BaseUri (or AKOOL_API_HOST) and any proxy between here and Akool.");
                case AkoolErrorKind.Expired: return (ErrorIds.VideoExpired, ErrorCategory.ResourceUnavailable, "Submit the row again to make a new video.");
                case AkoolErrorKind.Unreachable:
                    return (ErrorIds.EndpointUnreachable, ErrorCategory.ConnectionError,
                        "Check -BaseUri (or AKOOL_API_HOST), that the emulator is running if you use one, and the proxy settings (-Proxy, -NoProxy, HTTPS_PROXY).");
                case AkoolErrorKind.ProxyUnreachable:
                    return (ErrorIds.ProxyUnreachable, ErrorCategory.ConnectionError,
                        "Check the proxy address (-Proxy, HTTPS_PROXY/HTTP_PROXY or the system setting) and that the proxy runs, or pass -NoProxy to connect directly.");
                case AkoolErrorKind.ProxyUnavailable:
                    return (ErrorIds.ProxyUnavailable, ErrorCategory.ConnectionError,
                        "Check that the proxy (-Proxy, HTTPS_PROXY/HTTP_PROXY or the system setting) works and reaches Akool, or pass -NoProxy to connect directly.");
                case AkoolErrorKind.ProxyAuthentication:
                    return (ErrorIds.ProxyAuthenticationRequired, ErrorCategory.AuthenticationError,
                        "Pass -ProxyCredential with a user name and password the proxy accepts (or -ProxyUseDefaultCredentials on Windows).");
                case AkoolErrorKind.Redirected:
                    return (ErrorIds.RedirectRefused, ErrorCategory.SecurityError,
                        "Check -BaseUri (or AKOOL_API_HOST) and any proxy: Akool's API itself does not redirect.");
                case AkoolErrorKind.InvalidCredential:
                    return (ErrorIds.InvalidCredential, ErrorCategory.InvalidArgument,
                        "Copy the key again without quotes, line breaks or other characters around it.");
                default: return (ErrorIds.ApiError, ErrorCategory.NotSpecified, null);
            }
        }

        /// <summary>The id and category of an API failure's kind.</summary>
        public static (string Id, ErrorCategory Category) Classify(AkoolErrorKind kind)
        {
            (string id, ErrorCategory category, _) = Describe(kind);
            return (id, category);
        }

        /// <summary>The id and category of an API failure about a speech: a speech's own ids where a video's would mislead.</summary>
        public static (string Id, ErrorCategory Category) ClassifySpeech(AkoolErrorKind kind)
        {
            switch (kind)
            {
                case AkoolErrorKind.NotFound: return (ErrorIds.SpeechNotFound, ErrorCategory.ObjectNotFound);
                case AkoolErrorKind.Expired: return (ErrorIds.SpeechExpired, ErrorCategory.ResourceUnavailable);
                default: return Classify(kind);
            }
        }

        /// <summary>The id, category and advice of a webhook that cannot be trusted.</summary>
        private static (string Id, ErrorCategory Category, string? Advice) Classify(WebhookFailure failure)
        {
            switch (failure)
            {
                case WebhookFailure.SignatureInvalid:
                    return (ErrorIds.WebhookSignatureInvalid, ErrorCategory.SecurityError,
                        "Do not act on it (answer 401): it was altered or not sent by Akool. If every callback fails, check that the client id is the one of the account that created the video.");
                case WebhookFailure.Stale:
                    return (ErrorIds.WebhookStale, ErrorCategory.SecurityError,
                        "Do not act on it: it may be a replay. If genuine callbacks arrive late or this machine's clock is off, raise -MaxAge.");
                case WebhookFailure.DecryptionFailed:
                    return (ErrorIds.WebhookDecryptionFailed, ErrorCategory.SecurityError,
                        "Check that the client secret (API key) is the one of the account that created the video.");
                default:
                    return (ErrorIds.WebhookMalformed, ErrorCategory.InvalidData,
                        "Pass the request body as Akool posted it: the JSON text, or the object ConvertFrom-Json or an Azure Functions $Request.Body gives.");
            }
        }

        /// <summary>
        /// The one place error records are built. The advice follows the cause in one text, which is both
        /// ErrorDetails.Message and the exception's Message: Windows PowerShell, NormalView and a runbook that logs
        /// <c>$_.Exception.Message</c> never show RecommendedAction, so it stays empty (ConciseView would show the
        /// advice twice). The text is escaped here, since it may quote what a server or a proxy sent (Akool's msg, a
        /// status line), so no escape sequence from the network reaches a terminal.
        /// </summary>
        public static ErrorRecord Create(Exception exception, string errorId, ErrorCategory category, object? target, string message, string? advice)
        {
            string text = DisplayText.Escape(string.IsNullOrEmpty(advice) ? message : message.TrimEnd('.') + ". " + advice)!;
            return new ErrorRecord(Restated(exception, text), errorId, category, target) { ErrorDetails = new ErrorDetails(text) };
        }

        /// <summary>
        /// <paramref name="exception"/> carrying <paramref name="text"/> as its Message: the module's own exceptions
        /// keep their type, kind and inner exception (scripts catch them by type and test <c>$_.Exception.Kind</c>); any other is wrapped, as
        /// the inner exception of an <see cref="AkoolException"/>.
        /// </summary>
        private static Exception Restated(Exception exception, string text)
        {
            if (exception.Message == text) return exception;
            switch (exception)
            {
                case AkoolApiException api: return new AkoolApiException(api.Kind, text, api.AkoolCode, api.AkoolMessage, api.HttpStatus, api.InnerException);
                case WebhookVerificationException webhook: return new WebhookVerificationException(webhook.Failure, text, webhook.InnerException);
                case AkoolException own: return new AkoolException(text, own.InnerException);
                case JournalInUseException inUse: return new JournalInUseException(text, inUse.HeldInThisProcess, inUse.InnerException);
                default: return new AkoolException(text, exception);
            }
        }

        /// <summary>The journal could not be written, so <paramref name="subject"/> was not sent (paying twice must stay impossible).</summary>
        public static ErrorRecord JournalNotWritten(Exception exception, string subject, object? target) =>
            Create(exception, ErrorIds.JournalNotWritten, ErrorCategory.WriteError, target,
                $"{subject} was not submitted: the journal cannot be written ({exception.Message}).", JournalAdvice);

        /// <summary>
        /// <paramref name="subject"/> carries the id of a video already made (New-AkoolTalkingPhoto's own output piped
        /// back, or an exported row): submitting it would bill a new video, so it is refused unless -Force.
        /// </summary>
        public static ErrorRecord AlreadyCreated(string subject, string id, object? target) =>
            Create(ErrorIds.AlreadyCreated, ErrorCategory.ResourceExists, target,
                $"{subject} already has video {DisplayText.Escape(id)} (its Id, _id or VideoId): it is a video New-AkoolTalkingPhoto made, and submitting it again would create and bill a new one; nothing was sent for it.",
                "Pass it to Wait-AkoolVideo or Save-AkoolVideo instead. To make a new video anyway, run with -Force; if the column means something else, rename it.");

        /// <summary>An error that is ours, not the API's (bad input, files, waiting).</summary>
        public static ErrorRecord Create(string errorId, ErrorCategory category, object? target, string message, string? advice = null) =>
            Create(new AkoolException(message), errorId, category, target, message, advice);

        private const string RetryLater = "Akool (or the network to it) is having trouble; try again later.";
        private const string DiskAdvice = "Check that the destination is writable and has free space.";
        private const string JournalAdvice = "Free disk space (or fix the journal's permissions), then run the batch again with the same -JournalPath: rows the journal recorded are not sent again, and the videos made meanwhile were passed on or named in warnings.";

        // Disk full, quota, read-only, access denied, sharing violation (Windows HRESULTs and Unix errno values).
        private static readonly int[] FileSystemErrors =
        {
            unchecked((int)0x80070070), unchecked((int)0x80070027), unchecked((int)0x80070020), unchecked((int)0x80070005),
            28, 122, 30, 13, 1,
        };

        private static bool IsFileSystem(IOException exception)
        {
            if (exception is PathTooLongException || exception is DirectoryNotFoundException || exception is FileNotFoundException || exception is System.IO.DriveNotFoundException) return true;
            if (exception.InnerException is SocketException || exception.InnerException is HttpRequestException) return false;
            return Array.IndexOf(FileSystemErrors, exception.HResult) >= 0;
        }
    }
}
