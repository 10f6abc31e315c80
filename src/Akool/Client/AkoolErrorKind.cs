namespace Akool.Client
{
    /// <summary>What kind of failure an <see cref="AkoolApiException"/> reports; the cmdlets map it to an error category.</summary>
    public enum AkoolErrorKind
    {
        /// <summary>The request was wrong (Akool code 1003, or rejected locally).</summary>
        InvalidArgument,
        /// <summary>The video or content does not exist (1008).</summary>
        NotFound,
        /// <summary>Credentials missing, wrong or expired (1101, 1102, 1109).</summary>
        Authentication,
        /// <summary>No permission or account banned (1009, 1200).</summary>
        PermissionDenied,
        /// <summary>Not enough quota or credit, or no subscription (1006, 1103, 1104, 1213, 1221).</summary>
        Quota,
        /// <summary>Akool asked us to slow down (HTTP 429, code 1005) and the retries ran out.</summary>
        Throttled,
        /// <summary>Akool or something in front of it failed (HTTP 5xx, 1015, 1201, network errors) and the retries ran out.</summary>
        ServerUnavailable,
        /// <summary>No answer within the request timeout, and the retries ran out.</summary>
        Timeout,
        /// <summary>A create was sent but its answer was lost: Akool may or may not have made (and billed) the video.</summary>
        OutcomeUnknown,
        /// <summary>The answer was not the JSON envelope Akool promises (HTML, not JSON, no code, too large).</summary>
        InvalidResponse,
        /// <summary>The generated video is past its 7-day life, or its URL no longer answers.</summary>
        Expired,
        /// <summary>The API answered with a redirect, which is never followed (it would carry the credentials elsewhere).</summary>
        Redirected,
        /// <summary>A credential cannot be sent as given (characters a header cannot carry); nothing was sent.</summary>
        InvalidCredential,
        /// <summary>Any other Akool code: shown with its code and message.</summary>
        Other,
        /// <summary>Connect-Akool could not reach the address at all (connection refused, host not found, TLS handshake failed).</summary>
        Unreachable,
        /// <summary>The proxy itself could not be reached (refused, not found), after the usual retries.</summary>
        ProxyUnreachable,
        /// <summary>The proxy answered 407: it wants credentials and got none, or refused the ones given. Never retried.</summary>
        ProxyAuthentication,
        /// <summary>The proxy took the connection but closed it, answered what is not HTTP, or did not answer in time.</summary>
        ProxyUnavailable,
    }
}
