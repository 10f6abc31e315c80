<#
    What a user installs is what is tested: InstallTests runs this in a fresh pwsh whose user folders are empty, after
    `build.ps1 -Task Package` published the module to the folder repository $Repository. It installs the module from
    there as a user installs it from the Gallery, then runs the help and the README's one-liner from the installed copy.
#>
param(
    [Parameter(Mandatory)] [string] $Repository,
    [Parameter(Mandatory)] [string] $BaseUri,
    [Parameter(Mandatory)] [string] $ApiKey,
    [Parameter(Mandatory)] [string] $Work
)

$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name AkoolLocal -Uri $Repository -Trusted
Install-PSResource -Name Akool -Prerelease -Repository AkoolLocal -Scope CurrentUser
$installed = Get-Module -ListAvailable -Name Akool
'installed=' + $installed.ModuleBase
'license=' + (Test-Path -LiteralPath (Join-Path $installed.ModuleBase 'LICENSE'))
'changelog=' + (Test-Path -LiteralPath (Join-Path $installed.ModuleBase 'CHANGELOG.md'))

Import-Module -Name Akool
'examples=' + @((Get-Help -Name New-AkoolTalkingPhoto -Examples).examples.example).Count

Connect-Akool -BaseUri $BaseUri -ApiKey $ApiKey
Set-Location -LiteralPath $Work
$ErrorActionPreference = 'Continue'
# jobs.csv's URLs are placeholders no one serves: only the emulator's fail marker is read from them.
$saved = @(Import-Csv ./examples/jobs.csv | New-AkoolTalkingPhoto -SkipInputCheck | Wait-AkoolVideo -ErrorVariable failed | Save-AkoolVideo -Destination ./videos)
'saved=' + $saved.Count
'failed=' + @($failed).Count
'module=' + (Get-Module -Name Akool).ModuleBase
