# Module manifest for Akool. This file is the source; the build stages it into out/Akool/.
# ModuleVersion below is the project's one version number: the assembly version is read from it.
@{
    RootModule           = 'Akool.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0f8f5e-3a57-4f7e-9a38-2f6d8f0c7a11'
    Author               = 'The Akool PowerShell module authors'
    CompanyName          = 'Community'
    Copyright            = '(c) The Akool PowerShell module authors. MIT License.'
    Description          = 'Turn photos and voice recordings into talking-head videos with the Akool open API: from the shell, from a CSV of hundreds of jobs, or from an unattended runbook. Parallel, resumable (batch journal), and safe with your credits and your keys.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('Akool.Format.ps1xml')
    CmdletsToExport      = @(
        'Connect-Akool'
        'Disconnect-Akool'
        'Get-AkoolConnection'
        'New-AkoolTalkingPhoto'
        'Get-AkoolVideo'
        'Wait-AkoolVideo'
        'Save-AkoolVideo'
        'Get-AkoolCredit'
        'Get-AkoolVoice'
        'New-AkoolSpeech'
        'Save-AkoolSpeech'
        'ConvertFrom-AkoolWebhook'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Akool', 'AI', 'Video', 'TalkingPhoto', 'Avatar', 'API', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://github.com/akool-powershell/Akool/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/akool-powershell/Akool'
            # A preview until a first release is decided; Install-PSResource needs -Prerelease to take it.
            Prerelease   = 'preview1'
            ReleaseNotes = 'First preview (see CHANGELOG.md). Cmdlets: Connect-Akool, Disconnect-Akool, Get-AkoolConnection, New-AkoolTalkingPhoto, Get-AkoolVideo, Wait-AkoolVideo, Save-AkoolVideo, Get-AkoolCredit, Get-AkoolVoice, New-AkoolSpeech, Save-AkoolSpeech, ConvertFrom-AkoolWebhook. Local files uploaded to your own storage, inputs checked before anything is billed, a batch journal that never pays for a row twice, retries, parallel submits, polls and downloads.'
        }
    }
}
