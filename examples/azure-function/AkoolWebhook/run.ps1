using namespace System.Net

# The webhook receiver for Akool: give this function's URL (with its ?code=<function key>) as the WebhookUrl of
# every create. Each POST is one callback: verify and decrypt it, answer, and save the video when it is Completed.
param($Request, $TriggerMetadata)

# Without both settings no callback can be verified. Failing the invocation (HTTP 500) makes Akool send the
# callback again later, so callbacks that arrive while the settings are being fixed are not answered 401 and lost.
if (-not $env:AKOOL_CLIENT_ID -or -not $env:AKOOL_CLIENT_SECRET) {
    throw 'The application settings AKOOL_CLIENT_ID and AKOOL_CLIENT_SECRET must be set to verify Akool callbacks.'
}

# Checks the signature and the timestamp (replay window, -MaxAge, default 5 minutes), then decrypts with the
# secret. The signature alone proves nothing: it is computed without the secret, so anyone who knows the client
# id can sign a body. Only a payload that decrypts with the secret can have come from Akool.
$rejections = $null
$callbacks = @($Request.Body |
        ConvertFrom-AkoolWebhook -ClientId $env:AKOOL_CLIENT_ID -ClientSecret $env:AKOOL_CLIENT_SECRET `
            -ErrorAction SilentlyContinue -ErrorVariable rejections)

if ($rejections.Count -eq 0 -and $callbacks.Count -eq 0) {
    # An event already handled (Akool repeats deliveries; a replay can be re-signed by anyone): answer OK so
    # Akool stops retrying, and act on nothing again. Give -SeenIds a store of your own to remember events
    # across function instances and restarts.
    Push-OutputBinding -Name Response -Value ([HttpResponseContext]@{
            StatusCode = [HttpStatusCode]::OK
            Body       = ''
        })
    return
}

if ($rejections.Count -gt 0 -or $callbacks.Count -ne 1) {
    # The reason goes to the function's log only. Every rejection gets the same bare answer, so a caller cannot
    # learn which check failed (and so how close a forgery came).
    $reasons = if ($rejections.Count -gt 0) {
        $rejections | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] }
    }
    else {
        "$($callbacks.Count) callbacks in one request"
    }
    Write-Warning "Rejected a webhook request: $($reasons -join ', ')."
    Push-OutputBinding -Name Response -Value ([HttpResponseContext]@{
            StatusCode = [HttpStatusCode]::Unauthorized
            Body       = ''
        })
    return
}

$callback = $callbacks[0]
Write-Information "Akool video $($callback.Id) is $($callback.Status)."

if ($callback.Status -eq 'Completed') {
    # Where the videos go: AKOOL_VIDEO_FOLDER (for example a mounted Azure Files share), else the app's own
    # persistent storage under HOME.
    $destination = if ($env:AKOOL_VIDEO_FOLDER) { $env:AKOOL_VIDEO_FOLDER } else { [System.IO.Path]::Combine($env:HOME, 'videos') }

    if (-not (Get-AkoolConnection -ErrorAction SilentlyContinue)) {
        Connect-Akool -ErrorAction Continue
    }

    # Save-AkoolVideo asks Akool for the video by its id before downloading: the file comes from the URL Akool
    # gives now, not from the callback, which is also the re-check before spending anything on it.
    # -SkipExisting: Akool may repeat a callback; a video already saved is left alone and nothing is downloaded.
    $failures = @()
    try {
        $saved = $callback | Save-AkoolVideo -Destination $destination -SkipExisting -ErrorAction SilentlyContinue -ErrorVariable failures
    }
    catch {
        # Stops the save as a whole, for example AkoolNotConnected.
        $saved = @()
        $failures = @($_)
    }
    if ($failures.Count -gt 0) {
        foreach ($failure in $failures) {
            Write-Warning "Saving Akool video $($callback.Id) failed: $($failure.FullyQualifiedErrorId.Split(',')[0]): $($failure.Exception.Message)"
        }
        # Not marked handled, and answered 500: Akool sends the callback again, and ConvertFrom-AkoolWebhook passes
        # that retry on again, so the save is tried again instead of the video being lost.
        Push-OutputBinding -Name Response -Value ([HttpResponseContext]@{
                StatusCode = [HttpStatusCode]::InternalServerError
                Body       = ''
            })
        return
    }
    foreach ($file in $saved) {
        Write-Information "Saved Akool video $($callback.Id) as $($file.FullName)."
    }
}

# Only now, with the work done, is the event marked handled: a repeat of it from here on is answered 200 and
# ignored. Marking it earlier would swallow the retry of a save that failed.
$callback.MarkHandled()

# 200 for every genuine callback, repeats included: any other answer makes Akool send it again.
Push-OutputBinding -Name Response -Value ([HttpResponseContext]@{
        StatusCode = [HttpStatusCode]::OK
        Body       = ''
    })
