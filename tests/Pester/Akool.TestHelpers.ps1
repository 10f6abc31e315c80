# Helpers for the Pester suite in this folder, dot-sourced by Akool.Tests.ps1 (in BeforeDiscovery and BeforeAll).
# Not a test file: Invoke-Pester runs only *.Tests.ps1.

function Get-RepositoryRoot {
    (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '../..')).Path
}

function Get-DotnetPath {
    $dotnet = Get-Command -Name dotnet -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $dotnet) { throw 'The suite needs the .NET SDK (dotnet) on PATH to build and start the Akool emulator.' }
    $dotnet.Source
}

function Get-FreeTcpPort {
    # Port 0 lets the operating system pick a free port; it is released again for the emulator to take.
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Start-Emulator {
    <# Starts the built emulator (src/Akool.Emulator, Release) on a free loopback port and waits until it answers. #>
    param(
        [Parameter(Mandatory)] [string] $RepositoryRoot,
        [Parameter(Mandatory)] [string] $LogFolder,
        [string[]] $Option = @()
    )
    $dll = Join-Path $RepositoryRoot 'src/Akool.Emulator/bin/Release/net10.0/Akool.Emulator.dll'
    if (-not (Test-Path -LiteralPath $dll)) { throw "The emulator is not built: $dll is missing. Run: dotnet build Akool.sln -c Release" }
    $port = Get-FreeTcpPort
    $url = "http://127.0.0.1:$port"
    $log = Join-Path $LogFolder "emulator-$port.log"
    # The built emulator is started directly: `dotnet run` would start it as a grandchild that stopping it leaves running.
    $arguments = @("`"$dll`"", '--urls', $url) + $Option
    $process = Start-Process -FilePath (Get-DotnetPath) -ArgumentList $arguments -PassThru -NoNewWindow -RedirectStandardOutput $log -RedirectStandardError "$log.err"
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ($true) {
        if ($process.HasExited) { throw "The emulator stopped (exit code $($process.ExitCode)) before it answered; see $log." }
        $client = [System.Net.Sockets.TcpClient]::new()
        try {
            $client.Connect([System.Net.IPAddress]::Loopback, $port)
            break
        }
        catch [System.Net.Sockets.SocketException] {
            if ([DateTime]::UtcNow -gt $deadline) { throw "The emulator did not answer on port $port within 60 s; see $log." }
            Start-Sleep -Milliseconds 100
        }
        finally {
            $client.Dispose()
        }
    }
    [pscustomobject]@{ Url = $url; Process = $process; Log = $log }
}

function Stop-Emulator {
    param($Emulator)
    if ($null -ne $Emulator -and -not $Emulator.Process.HasExited) {
        Stop-Process -Id $Emulator.Process.Id -Force
        $Emulator.Process.WaitForExit()
    }
}

function Get-PwshCommand {
    <#
        How to start this pwsh again: the program and the arguments that come before pwsh's own. pwsh run as a .NET
        tool (`dotnet pwsh`, the repository's) is `dotnet <PSHOME>/pwsh.dll`; an installed pwsh is its own program.
    #>
    $program = [Environment]::ProcessPath
    if ([System.IO.Path]::GetFileNameWithoutExtension($program) -eq 'dotnet') { @($program, (Join-Path $PSHOME 'pwsh.dll')) } else { @($program) }
}

function Invoke-ChildPwsh {
    <# Runs $Script in a new pwsh (no profile) and returns everything it printed, as a user's console would show it. #>
    param([Parameter(Mandatory)] [string] $Script)
    $pwsh = @(Get-PwshCommand)
    $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($Script))
    $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded)
    $lines = & $pwsh[0] @arguments 2>&1
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Text = ($lines | Out-String) }
}

function Test-PwshProcess {
    <#
        True when this process can be started again as pwsh, so Invoke-ChildPwsh can start a child: pwsh itself, or
        pwsh.dll run by dotnet. False in a host that embeds PowerShell (a test host, an editor).
    #>
    $pwsh = @(Get-PwshCommand)
    [System.IO.Path]::GetFileNameWithoutExtension($pwsh[0]) -eq 'pwsh' -or ($pwsh.Count -eq 2 -and (Test-Path -LiteralPath $pwsh[1]))
}

function Get-ExampleSkipList {
    <#
        The docs examples that cannot run against the emulator, by "<page> <example number>", each with why. Every
        other example runs in the suite as Get-Help prints it; an entry that names no example fails the suite.
    #>
    @{
        'Connect-Akool 3'            = 'it connects with placeholder client credentials of the real Akool'
        'Connect-Akool 4'            = 'it prompts for a credential and a key (Get-Credential, Read-Host)'
        'Connect-Akool 5'            = 'it needs a real proxy, and prompts for its credential'
        'ConvertFrom-AkoolWebhook 1' = 'it reads a callback body that Akool posted'
        'ConvertFrom-AkoolWebhook 2' = 'it is an Azure Functions run.ps1 ($Request, Push-OutputBinding)'
        'ConvertFrom-AkoolWebhook 3' = 'it reads callback bodies that Akool posted'
        'Disconnect-Akool 3'         = 'it connects to a placeholder staging host'
        'Get-AkoolVideo 1'           = 'it reads a video id of a real Akool account'
        'Save-AkoolVideo 3'          = 'it saves a video id of a real Akool account'
        'Wait-AkoolVideo 3'          = 'it waits for a video id of a real Akool account'
        'New-AkoolTalkingPhoto 7'    = 'it uploads to a placeholder Azure container (the xunit tests upload to Azurite)'
        'New-AkoolTalkingPhoto 8'    = 'it needs AWS.Tools and an S3 bucket'
    }
}

function Get-DocExample {
    <# Every ### Example of the cmdlet pages in docs/en-US: page, number, title, its powershell code, and why it is skipped (if it is). #>
    param([Parameter(Mandatory)] [string] $DocsFolder)
    $skipList = Get-ExampleSkipList
    foreach ($page in Get-ChildItem -LiteralPath $DocsFolder -Filter '*.md' | Where-Object Name -NotLike 'about_*' | Sort-Object Name) {
        $inExamples = $false
        $title = $null
        $code = $null
        $inCode = $false
        foreach ($line in Get-Content -LiteralPath $page.FullName) {
            if (-not $inCode -and $line -match '^## ') {
                if ($title) { [pscustomobject]@{ Page = $page.BaseName; Number = $number; Title = $title; Code = $code; SkipReason = $skipList["$($page.BaseName) $number"] } }
                $title = $null
                $inExamples = $line -eq '## EXAMPLES'
                continue
            }
            if (-not $inExamples) { continue }
            if (-not $inCode -and $line -match '^### (.+)$') {
                if ($title) { [pscustomobject]@{ Page = $page.BaseName; Number = $number; Title = $title; Code = $code; SkipReason = $skipList["$($page.BaseName) $number"] } }
                $title = $Matches[1]
                $number = if ($title -match '^Example (\d+):') { [int] $Matches[1] } else { 0 }
                $code = ''
            }
            elseif ($line -eq '```powershell') { $inCode = $true }
            elseif ($inCode -and $line -eq '```') { $inCode = $false }
            elseif ($inCode) { $code += $line + "`n" }
        }
    }
}

function Get-SavedVideoId {
    <# The id the emulator writes into each video it serves ("akool-emulator video <id>"), so a saved file can be compared with its source. #>
    param([Parameter(Mandatory)] [string] $Path)
    $text = [System.Text.Encoding]::ASCII.GetString([System.IO.File]::ReadAllBytes($Path))
    if ($text -match 'akool-emulator video ([0-9a-f]{24})') { $Matches[1] } else { $null }
}
