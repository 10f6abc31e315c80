<#
.SYNOPSIS
    Runs the Pester suite in this folder and ends with one summary line, for a caller that reads the output.

.DESCRIPTION
    Prints Pester's detailed report as it goes, then `PESTER passed=N failed=N skipped=N`, a `FAILED:` line per failed
    test (or setup) and a `SKIPPED:` line per skipped test. Exits 0 when none failed, 1 when some did.
    PesterSuiteTests (dotnet test) runs it in the repository's pwsh, `dotnet pwsh`, with Pester from NuGet:

        dotnet pwsh -NoProfile -File tests/Pester/Invoke-PesterSuite.ps1 -PesterManifest <pester>/5.9.1/tools/Pester.psd1
#>
param(
    # Pester 5's manifest; by default the Pester 5 installed for this pwsh.
    [string] $PesterManifest
)

$ErrorActionPreference = 'Stop'
if ($PesterManifest) {
    Import-Module -Name $PesterManifest
}
else {
    Import-Module -Name Pester -MinimumVersion 5.5
}

$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$result = Invoke-Pester -Configuration $configuration

'PESTER passed={0} failed={1} skipped={2}' -f $result.PassedCount, $result.FailedCount, $result.SkippedCount
foreach ($test in $result.Failed) {
    $message = if ($test.ErrorRecord) { ($test.ErrorRecord | Select-Object -First 1).ToString() } else { 'no error record' }
    'FAILED: {0} :: {1}' -f $test.ExpandedPath, ($message -replace '\s+', ' ')
}
foreach ($container in $result.Containers | Where-Object Result -EQ 'Failed') {
    if ($container.ErrorRecord) { 'FAILED: (setup of {0}) :: {1}' -f $container.Item, (($container.ErrorRecord | Select-Object -First 1).ToString() -replace '\s+', ' ') }
}
foreach ($test in $result.Skipped) {
    'SKIPPED: {0}' -f $test.ExpandedPath
}
exit ([int] ($result.FailedCount -gt 0 -or $result.Result -ne 'Passed'))
