<#
.SYNOPSIS
    Azure Automation runbook: makes the talking-photo videos listed in a CSV and saves them into a folder.

.DESCRIPTION
    Connects to Akool with the Automation credential asset named by -CredentialName (user name: client id;
    password: client secret or API key) when the runbook runs in Azure Automation and the asset exists, else with
    the AKOOL_API_KEY (or AKOOL_CLIENT_ID and AKOOL_CLIENT_SECRET) environment variables. Then it runs every row of
    the CSV through New-AkoolTalkingPhoto, Wait-AkoolVideo and Save-AkoolVideo.

    The run is resumable: the batch journal (-JournalPath) records each row's video id, so starting the runbook
    again with the same parameters does not create (or pay for) a video twice, and files already saved are kept.
    Put the CSV, the journal and the destination on storage that outlives the job: a Hybrid Runbook Worker's disk
    or a mounted Azure file share. An Azure sandbox's own disk is wiped after each job.

    A failed row does not stop the others. The job ends with an error (status Failed) when any row failed, after
    listing each failure with its error id; see Get-Help about_Akool for what each id means.

    Works in PowerShell 7 and Windows PowerShell 5.1 runbooks. The Akool module must be imported into the
    Automation account (or installed on the Hybrid Worker); it loads on first use.

.PARAMETER CsvPath
    The CSV of jobs: columns Name, talking_photo_url (or TalkingPhotoUrl), audio_url (or AudioUrl), and optionally
    resolution, prompt, webhookUrl. See examples/jobs.csv.

.PARAMETER Destination
    The folder to save the videos into (created when missing).

.PARAMETER JournalPath
    The batch journal. Default: beside the CSV, with the extension .journal.

.PARAMETER CredentialName
    The name of the Automation credential asset. Default: Akool.

.PARAMETER TimeoutSeconds
    How long to wait for the videos in all (0: no limit). Unfinished videos are picked up by the next run.

.PARAMETER ThrottleLimit
    How many creates and downloads run at once.

.EXAMPLE
    ./runbook.ps1 -CsvPath /mnt/akool/jobs.csv -Destination /mnt/akool/videos
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [ValidateNotNullOrEmpty()]
    [string] $CsvPath,

    [Parameter(Mandatory = $true)]
    [ValidateNotNullOrEmpty()]
    [string] $Destination,

    [string] $JournalPath,

    [ValidateNotNullOrEmpty()]
    [string] $CredentialName = 'Akool',

    [ValidateRange(0, 86400)]
    [int] $TimeoutSeconds = 3600,

    [ValidateRange(1, 64)]
    [int] $ThrottleLimit = 4
)

# Setup problems (no CSV, no credentials, Akool unreachable) stop the runbook at once. The batch cmdlets below get
# -ErrorAction Continue so that one failed row is reported without stopping the others.
$ErrorActionPreference = 'Stop'

if (-not $JournalPath) {
    $JournalPath = [System.IO.Path]::ChangeExtension($CsvPath, '.journal')
}

$credential = $null
if (Get-Command -Name Get-AutomationPSCredential -ErrorAction SilentlyContinue) {
    $credential = Get-AutomationPSCredential -Name $CredentialName -ErrorAction SilentlyContinue
}
if ($credential) {
    Write-Output "Connecting to Akool with the credential asset '$CredentialName' (client id $($credential.UserName))."
    Connect-Akool -Credential $credential
}
else {
    Write-Output 'Connecting to Akool with the AKOOL_* environment variables.'
    Connect-Akool
}

try {
    $rows = @(Import-Csv -Path $CsvPath)
    Write-Output "Submitting $($rows.Count) row(s) from '$CsvPath'; journal '$JournalPath'; saving into '$Destination'."

    $failures = @()
    $saved = @($rows |
        New-AkoolTalkingPhoto -JournalPath $JournalPath -ThrottleLimit $ThrottleLimit -ErrorAction Continue -ErrorVariable +failures |
        Wait-AkoolVideo -Timeout $TimeoutSeconds -ErrorAction Continue -ErrorVariable +failures |
        Save-AkoolVideo -Destination $Destination -SkipExisting -ThrottleLimit $ThrottleLimit -ErrorAction Continue -ErrorVariable +failures)

    foreach ($file in $saved) {
        Write-Output "Saved $($file.FullName) ($($file.Length) bytes)."
    }
    Write-Output "$($saved.Count) of $($rows.Count) video(s) saved; $($failures.Count) failure(s)."
    foreach ($failure in $failures) {
        Write-Output ('FAILED [{0}] {1}' -f $failure.FullyQualifiedErrorId.Split(',')[0], $failure.ToString())
    }
    if ($failures.Count -gt 0) {
        throw "$($failures.Count) row(s) failed (listed above). Fix them and start the runbook again: the journal skips rows already created, and files already saved are kept."
    }
}
finally {
    Disconnect-Akool
}
