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

function Get-ExampleSkipReason {
    <# Why a docs example cannot run against the emulator, or $null when it can. #>
    param([Parameter(Mandatory)] [string] $Code)
    switch -Regex ($Code) {
        'Get-Credential|Read-Host' { return 'it prompts for a credential' }
        '\$Request|Push-OutputBinding' { return 'it is an Azure Functions run.ps1' }
        'Get-AutomationPSCredential' { return 'it needs an Azure Automation credential asset' }
        'callback\.json|callbacks/' { return 'it needs callbacks that Akool posted' }
        'my-client-id|my-client-secret' { return 'it uses placeholder credentials for the real Akool' }
        '64dd0b4e9f3c2a1b5e6f7a80' { return 'it uses a placeholder video id from the real Akool' }
        'staging\.example\.com' { return 'it connects to a placeholder staging host' }
        'blob\.core\.windows\.net' { return 'it uploads to a placeholder Azure container (the xunit tests upload to Azurite)' }
        'Write-S3Object' { return 'it needs AWS.Tools and an S3 bucket' }
    }
    $null
}

function Get-DocExample {
    <# Every ### Example of the cmdlet pages in docs/en-US: page, title, its powershell code, and why it is skipped (if it is). #>
    param([Parameter(Mandatory)] [string] $DocsFolder)
    foreach ($page in Get-ChildItem -LiteralPath $DocsFolder -Filter '*.md' | Where-Object Name -NotLike 'about_*' | Sort-Object Name) {
        $inExamples = $false
        $title = $null
        $code = $null
        $inCode = $false
        foreach ($line in Get-Content -LiteralPath $page.FullName) {
            if (-not $inCode -and $line -match '^## ') {
                if ($title) { [pscustomobject]@{ Page = $page.BaseName; Title = $title; Code = $code; SkipReason = (Get-ExampleSkipReason -Code $code) } }
                $title = $null
                $inExamples = $line -eq '## EXAMPLES'
                continue
            }
            if (-not $inExamples) { continue }
            if (-not $inCode -and $line -match '^### (.+)$') {
                if ($title) { [pscustomobject]@{ Page = $page.BaseName; Title = $title; Code = $code; SkipReason = (Get-ExampleSkipReason -Code $code) } }
                $title = $Matches[1]
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
