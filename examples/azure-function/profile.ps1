# Runs once when a PowerShell worker starts (a cold start), before any invocation.
#
# Connect-Akool without credential parameters reads AKOOL_CLIENT_ID and AKOOL_CLIENT_SECRET (and AKOOL_API_HOST,
# when set) from the environment, and a function app's application settings are environment variables. The
# connection is process-wide, so every invocation of every function in this worker shares it. It is what
# Save-AkoolVideo uses; run.ps1 verifies callbacks with the same two settings, so verifying does not depend on it.
#
# A failure here must not stop the worker: run.ps1 connects again when there is no connection.

if ($env:AKOOL_CLIENT_ID -and $env:AKOOL_CLIENT_SECRET) {
    try {
        Connect-Akool -ErrorAction Stop
    }
    catch {
        Write-Warning "Connect-Akool failed at start-up ($($_.FullyQualifiedErrorId)); run.ps1 will try again."
    }
}
else {
    Write-Warning 'The application settings AKOOL_CLIENT_ID and AKOOL_CLIENT_SECRET are not set: every callback will fail until they are.'
}
