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
    // The one place where a failure becomes an error record; the advice naming cmdlets lives here, not in Client/.
    internal static class ErrorClassifier
    {
        public static ErrorRecord From(Exception exception, string subject, object? target)
        {
            (string id, ErrorCategory category, string? advice) = Classify(exception);
            return Create(exception, id, category, target, $"{subject}: {exception.Message}", advice);
        }

        public static (string Id, ErrorCategory Category, string? Advice) Classify(Exception exception) => exception switch
        {
            AkoolApiException api => Describe(api.Kind),
            WebhookVerificationException webhook => Classify(webhook.Failure),
            TimeoutException => (ErrorIds.DownloadFailed, ErrorCategory.OperationTimeout, "The server stopped sending; try again later (a later run resumes nothing, it downloads again)."),
            HttpRequestException => (ErrorIds.DownloadFailed, ErrorCategory.ResourceUnavailable, RetryLater),
            UnauthorizedAccessException => (ErrorIds.DownloadFailed, ErrorCategory.WriteError, DiskAdvice),
            IOException io when IsFileSystem(io) => (ErrorIds.DownloadFailed, ErrorCategory.WriteError, DiskAdvice),
            // What is left of IOException is the transfer's (a connection reset, a body cut short); the downloader retried it.
            IOException => (ErrorIds.DownloadFailed, ErrorCategory.ResourceUnavailable, RetryLater),
            _ => (ErrorIds.ApiError, ErrorCategory.NotSpecified, null),
        };

        public static (string Id, ErrorCategory Category, string? Advice) Describe(AkoolErrorKind kind) => kind switch
        {
            AkoolErrorKind.InvalidArgument => (ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument, "Check the row's URLs and options."),
            AkoolErrorKind.NotFound => (ErrorIds.VideoNotFound, ErrorCategory.ObjectNotFound, "Check the id; Akool keeps results for 7 days."),
            AkoolErrorKind.Authentication => (ErrorIds.AuthenticationFailed, ErrorCategory.AuthenticationError,
                "Check the API key or client credentials, then run Connect-Akool again."),
            AkoolErrorKind.PermissionDenied => (ErrorIds.PermissionDenied, ErrorCategory.PermissionDenied,
                "The account lacks permission or is banned; contact Akool support."),
            AkoolErrorKind.Quota => (ErrorIds.QuotaExceeded, ErrorCategory.QuotaExceeded,
                "Add credit or a subscription in the Akool console (Get-AkoolCredit shows the balance)."),
            AkoolErrorKind.Throttled => (ErrorIds.Throttled, ErrorCategory.LimitsExceeded, "Lower -ThrottleLimit or try again later."),
            AkoolErrorKind.ServerUnavailable => (ErrorIds.ServerUnavailable, ErrorCategory.ResourceUnavailable, RetryLater),
            AkoolErrorKind.Timeout => (ErrorIds.RequestTimeout, ErrorCategory.OperationTimeout, "Try again later, or raise -RequestTimeout on Connect-Akool."),
            AkoolErrorKind.OutcomeUnknown => (ErrorIds.CreateOutcomeUnknown, ErrorCategory.OperationTimeout,
                "Look for the video in the Akool console before submitting this row again; with -JournalPath the row is recorded and skipped until you pass -Force."),
            AkoolErrorKind.InvalidResponse => (ErrorIds.InvalidResponse, ErrorCategory.InvalidResult,
                "Check -BaseUri (or AKOOL_API_HOST) and any proxy between here and Akool."),
            AkoolErrorKind.Expired => (ErrorIds.VideoExpired, ErrorCategory.ResourceUnavailable, "Submit the row again to make a new video."),
            AkoolErrorKind.Unreachable => (ErrorIds.EndpointUnreachable, ErrorCategory.ConnectionError,
                "Check -BaseUri (or AKOOL_API_HOST), that the emulator is running if you use one, and the proxy settings (-Proxy, -NoProxy, HTTPS_PROXY)."),
            AkoolErrorKind.ProxyUnreachable => (ErrorIds.ProxyUnreachable, ErrorCategory.ConnectionError,
                "Check the proxy address (-Proxy, HTTPS_PROXY/HTTP_PROXY or the system setting) and that the proxy runs, or pass -NoProxy to connect directly."),
            AkoolErrorKind.ProxyUnavailable => (ErrorIds.ProxyUnavailable, ErrorCategory.ConnectionError,
                "Check that the proxy (-Proxy, HTTPS_PROXY/HTTP_PROXY or the system setting) works and reaches Akool, or pass -NoProxy to connect directly."),
            AkoolErrorKind.ProxyAuthentication => (ErrorIds.ProxyAuthenticationRequired, ErrorCategory.AuthenticationError,
                "Pass -ProxyCredential with a user name and password the proxy accepts (or -ProxyUseDefaultCredentials on Windows)."),
            AkoolErrorKind.Redirected => (ErrorIds.RedirectRefused, ErrorCategory.SecurityError,
                "Check -BaseUri (or AKOOL_API_HOST) and any proxy: Akool's API itself does not redirect."),
            AkoolErrorKind.InvalidCredential => (ErrorIds.InvalidCredential, ErrorCategory.InvalidArgument,
                "Copy the key again without quotes, line breaks or other characters around it."),
            _ => (ErrorIds.ApiError, ErrorCategory.NotSpecified, null),
        };

        public static (string Id, ErrorCategory Category) Classify(AkoolErrorKind kind)
        {
            (string id, ErrorCategory category, _) = Describe(kind);
            return (id, category);
        }

        public static (string Id, ErrorCategory Category) ClassifySpeech(AkoolErrorKind kind) => kind switch
        {
            AkoolErrorKind.NotFound => (ErrorIds.SpeechNotFound, ErrorCategory.ObjectNotFound),
            AkoolErrorKind.Expired => (ErrorIds.SpeechExpired, ErrorCategory.ResourceUnavailable),
            _ => Classify(kind),
        };

        private static (string Id, ErrorCategory Category, string? Advice) Classify(WebhookFailure failure) => failure switch
        {
            WebhookFailure.SignatureInvalid => (ErrorIds.WebhookSignatureInvalid, ErrorCategory.SecurityError,
                "Do not act on it (answer 401): it was altered or not sent by Akool. If every callback fails, check that the client id is the one of the account that created the video."),
            WebhookFailure.Stale => (ErrorIds.WebhookStale, ErrorCategory.SecurityError,
                "Do not act on it: it may be a replay. If genuine callbacks arrive late or this machine's clock is off, raise -MaxAge."),
            WebhookFailure.DecryptionFailed => (ErrorIds.WebhookDecryptionFailed, ErrorCategory.SecurityError,
                "Check that the client secret (API key) is the one of the account that created the video."),
            _ => (ErrorIds.WebhookMalformed, ErrorCategory.InvalidData,
                "Pass the request body as Akool posted it: the JSON text, or the object ConvertFrom-Json or an Azure Functions $Request.Body gives."),
        };

        // The advice follows the cause in one text, both ErrorDetails.Message and the exception's Message: Windows
        // PowerShell, NormalView and a runbook logging $_.Exception.Message never show RecommendedAction, so it stays
        // empty. Escaped, since it may quote what a server or proxy sent, so no escape sequence reaches a terminal.
        public static ErrorRecord Create(Exception exception, string errorId, ErrorCategory category, object? target, string message, string? advice)
        {
            string text = DisplayText.Escape(string.IsNullOrEmpty(advice) ? message : message.TrimEnd('.') + ". " + advice)!;
            return new ErrorRecord(Restated(exception, text), errorId, category, target) { ErrorDetails = new ErrorDetails(text) };
        }

        // The module's own exceptions keep their type, kind and inner exception (scripts catch them by type and test
        // $_.Exception.Kind); any other is wrapped in an AkoolException.
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

        // The row was not sent: paying twice must stay impossible.
        public static ErrorRecord JournalNotWritten(Exception exception, string subject, object? target) =>
            Create(exception, ErrorIds.JournalNotWritten, ErrorCategory.WriteError, target,
                $"{subject} was not submitted: the journal cannot be written ({exception.Message}).", JournalAdvice);

        public static ErrorRecord AlreadyCreated(string subject, string id, object? target) =>
            Create(ErrorIds.AlreadyCreated, ErrorCategory.ResourceExists, target,
                $"{subject} already has video {DisplayText.Escape(id)} (its Id, _id or VideoId): it is a video New-AkoolTalkingPhoto made, and submitting it again would create and bill a new one; nothing was sent for it.",
                "Pass it to Wait-AkoolVideo or Save-AkoolVideo instead. To make a new video anyway, run with -Force; if the column means something else, rename it.");

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
