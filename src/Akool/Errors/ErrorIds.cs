namespace Akool.Errors
{
    // Scripts and the help refer to these: values never change once released; each constant is named as its value
    // without "Akool" (a test checks it).
    internal static class ErrorIds
    {
        public const string NotConnected = "AkoolNotConnected";
        public const string InvalidInput = "AkoolInvalidInput";
        public const string InvalidArgument = "AkoolInvalidArgument";
        public const string UnknownColumns = "AkoolUnknownColumns";
        public const string VideoNotFound = "AkoolVideoNotFound";
        public const string VoiceNotFound = "AkoolVoiceNotFound";
        public const string SpeechFailed = "AkoolSpeechFailed";
        public const string SpeechExpired = "AkoolSpeechExpired";
        public const string SpeechNotFound = "AkoolSpeechNotFound";
        public const string SpeechNotCompleted = "AkoolSpeechNotCompleted";
        public const string AuthenticationFailed = "AkoolAuthenticationFailed";
        public const string PermissionDenied = "AkoolPermissionDenied";
        public const string QuotaExceeded = "AkoolQuotaExceeded";
        public const string Throttled = "AkoolThrottled";
        public const string ServerUnavailable = "AkoolServerUnavailable";
        public const string RequestTimeout = "AkoolRequestTimeout";
        public const string CreateOutcomeUnknown = "AkoolCreateOutcomeUnknown";
        public const string InvalidResponse = "AkoolInvalidResponse";
        public const string VideoExpired = "AkoolVideoExpired";
        public const string ApiError = "AkoolApiError";
        public const string VideoFailed = "AkoolVideoFailed";
        public const string WaitTimeout = "AkoolWaitTimeout";
        public const string VideoNotCompleted = "AkoolVideoNotCompleted";
        public const string FileExists = "AkoolFileExists";
        public const string DestinationInvalid = "AkoolDestinationInvalid";
        public const string DownloadFailed = "AkoolDownloadFailed";
        public const string JournalInvalid = "AkoolJournalInvalid";
        public const string JournalNotWritten = "AkoolJournalNotWritten";
        public const string AlreadySubmittedOutcomeUnknown = "AkoolAlreadySubmittedOutcomeUnknown";
        public const string AlreadyCreated = "AkoolAlreadyCreated";
        public const string InsecureBaseUri = "AkoolInsecureBaseUri";
        public const string CredentialMissing = "AkoolCredentialMissing";
        public const string WebhookSignatureInvalid = "AkoolWebhookSignatureInvalid";
        public const string WebhookStale = "AkoolWebhookStale";
        public const string WebhookDecryptionFailed = "AkoolWebhookDecryptionFailed";
        public const string WebhookMalformed = "AkoolWebhookMalformed";
        public const string WebhookCredentialMissing = "AkoolWebhookCredentialMissing";
        public const string WebhookSeenIdsUnusable = "AkoolWebhookSeenIdsUnusable";
        public const string EndpointUnreachable = "AkoolEndpointUnreachable";
        public const string ProxyUnreachable = "AkoolProxyUnreachable";
        public const string ProxyUnavailable = "AkoolProxyUnavailable";
        public const string ProxyAuthenticationRequired = "AkoolProxyAuthenticationRequired";
        public const string ProxyParameterConflict = "AkoolProxyParameterConflict";
        public const string RedirectRefused = "AkoolRedirectRefused";
        public const string InvalidCredential = "AkoolInvalidCredential";
        public const string JournalInUse = "AkoolJournalInUse";
        public const string DuplicateName = "AkoolDuplicateName";
        public const string InputNotFound = "AkoolInputNotFound";
        public const string InputForbidden = "AkoolInputForbidden";
        public const string InputNotAnImage = "AkoolInputNotAnImage";
        public const string InputNotAudio = "AkoolInputNotAudio";
        public const string InputTooLarge = "AkoolInputTooLarge";
        public const string InputIsWebPage = "AkoolInputIsWebPage";
        public const string InputRedirectLoop = "AkoolInputRedirectLoop";
        public const string InputUnreachable = "AkoolInputUnreachable";
        public const string NotSentNoCredit = "AkoolNotSentNoCredit";
        public const string InputFileNotFound = "AkoolInputFileNotFound";
        public const string InputFileUnreadable = "AkoolInputFileUnreadable";
        public const string UploadFailed = "AkoolUploadFailed";
        public const string UploadTargetInvalid = "AkoolUploadTargetInvalid";
    }
}
