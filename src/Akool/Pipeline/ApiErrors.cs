using System;
using System.IO;
using System.Management.Automation;
using Akool.Client;

namespace Akool
{
    /// <summary>Turns failures into error records with a stable id, the category STYLE.md gives, and a message that names the item.</summary>
    internal static class ApiErrors
    {
        /// <summary>An error record for <paramref name="exception"/> about <paramref name="subject"/> (for example "row 3 'intro'" or "video 64dd...").</summary>
        public static ErrorRecord From(Exception exception, string subject, object? target)
        {
            if (exception is AkoolApiException api) return FromApi(api, subject, target);
            if (exception is UnauthorizedAccessException || exception is IOException)
            {
                return Create(exception, ErrorIds.DownloadFailed, ErrorCategory.WriteError, target, $"{subject}: {exception.Message}", "Check that the destination is writable and has free space.");
            }
            return Create(exception, ErrorIds.ApiError, ErrorCategory.NotSpecified, target, $"{subject}: {exception.Message}", null);
        }

        public static ErrorRecord FromApi(AkoolApiException exception, string subject, object? target)
        {
            (string id, ErrorCategory category) = Classify(exception.Kind);
            string advice = exception.Kind == AkoolErrorKind.OutcomeUnknown
                ? "Look for the video in the Akool console before submitting this row again; with -JournalPath the row is recorded and skipped until you pass -Force."
                : AkoolErrorCodes.Advice(exception.Kind);
            return Create(exception, id, category, target, $"{subject}: {exception.Message}", advice);
        }

        public static (string Id, ErrorCategory Category) Classify(AkoolErrorKind kind)
        {
            switch (kind)
            {
                case AkoolErrorKind.InvalidArgument: return (ErrorIds.InvalidArgument, ErrorCategory.InvalidArgument);
                case AkoolErrorKind.NotFound: return (ErrorIds.NotFound, ErrorCategory.ObjectNotFound);
                case AkoolErrorKind.Authentication: return (ErrorIds.AuthenticationFailed, ErrorCategory.AuthenticationError);
                case AkoolErrorKind.PermissionDenied: return (ErrorIds.PermissionDenied, ErrorCategory.PermissionDenied);
                case AkoolErrorKind.Quota: return (ErrorIds.QuotaExceeded, ErrorCategory.QuotaExceeded);
                case AkoolErrorKind.Throttled: return (ErrorIds.Throttled, ErrorCategory.LimitsExceeded);
                case AkoolErrorKind.ServerUnavailable: return (ErrorIds.ServerUnavailable, ErrorCategory.ResourceUnavailable);
                case AkoolErrorKind.Timeout: return (ErrorIds.RequestTimeout, ErrorCategory.OperationTimeout);
                case AkoolErrorKind.OutcomeUnknown: return (ErrorIds.OutcomeUnknown, ErrorCategory.OperationTimeout);
                case AkoolErrorKind.InvalidResponse: return (ErrorIds.InvalidResponse, ErrorCategory.InvalidResult);
                case AkoolErrorKind.Expired: return (ErrorIds.VideoExpired, ErrorCategory.ResourceUnavailable);
                case AkoolErrorKind.Redirected: return (ErrorIds.Redirected, ErrorCategory.SecurityError);
                case AkoolErrorKind.InvalidCredential: return (ErrorIds.InvalidCredential, ErrorCategory.InvalidArgument);
                default: return (ErrorIds.ApiError, ErrorCategory.NotSpecified);
            }
        }

        /// <summary>The one place error records are built: the message goes to ErrorDetails, the advice to RecommendedAction.</summary>
        public static ErrorRecord Create(Exception exception, string errorId, ErrorCategory category, object? target, string message, string? advice)
        {
            string full = string.IsNullOrEmpty(advice) ? message : message + " " + advice;
            var record = new ErrorRecord(exception, errorId, category, target)
            {
                ErrorDetails = new ErrorDetails(full),
            };
            if (!string.IsNullOrEmpty(advice)) record.ErrorDetails.RecommendedAction = advice;
            return record;
        }

        /// <summary>An error that is ours, not the API's (bad input, files, waiting).</summary>
        public static ErrorRecord Create(string errorId, ErrorCategory category, object? target, string message, string? advice = null) =>
            Create(new AkoolException(message), errorId, category, target, message, advice);
    }
}
