<#
.SYNOPSIS
    Builds, tests, documents, packages or demonstrates the Akool module.

.DESCRIPTION
    Each task is a plain dotnet (or PowerShell) command whose exit code is checked, so the same steps can be run
    by hand. The importable module is staged at out/Akool by the build.

    Build    dotnet build Akool.sln -c <Configuration>
    Test     dotnet tool restore, then dotnet test Akool.sln -c Release (exactly what CI runs, see .ci/run), which
             runs the Pester suite (tests/Pester) too, in the repository's pwsh with Pester from NuGet
    Clean    dotnet clean, and remove out/
    Docs     optional: build, then New-ExternalHelp (platyPS) from docs/en-US into out/Akool/en-US (the build
             already writes that help file with tools/Akool.HelpBuilder; this is the platyPS route)
    Package  build the module, then pack it as the PowerShell Gallery would (Publish-PSResource, with LICENSE and
             CHANGELOG.md) into the local folder repository out/packages, and zip it for Azure Automation
    Demo     build the module and the emulator (not the tests), start the emulator on a free port, and run
             examples/jobs.csv through the one-liner

    The repository pins the official pwsh as a .NET tool (.config/dotnet-tools.json): `dotnet tool restore` once,
    then `dotnet pwsh ./build.ps1 ...`; an installed pwsh 7.4 or later works as well.

.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Demo

.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Clean', 'Demo', 'Docs', 'Package')]
    [string] $Task = 'Build',

    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 2.0

# The emulator's default key (--api-key, else --client-secret; see src/Akool.Emulator/EmulatorOptions.cs).
$EmulatorApiKey = 'emulator-secret-0123456789abcdef'

function Invoke-Build {
    dotnet build Akool.sln -c $Configuration
    if ($LASTEXITCODE -ne 0) { throw "dotnet build failed with exit code $LASTEXITCODE." }
}

function Invoke-Test {
    # The Pester suite runs inside dotnet test (PesterSuiteTests), in the pwsh the tool manifest pins.
    dotnet tool restore
    if ($LASTEXITCODE -ne 0) { throw "dotnet tool restore failed with exit code $LASTEXITCODE." }
    # Exactly the command in .ci/run and README.md.
    dotnet test Akool.sln -c Release
    if ($LASTEXITCODE -ne 0) { throw "dotnet test failed with exit code $LASTEXITCODE." }
}

function Invoke-Clean {
    dotnet clean Akool.sln -c $Configuration
    if ($LASTEXITCODE -ne 0) { throw "dotnet clean failed with exit code $LASTEXITCODE." }
    if (Test-Path -LiteralPath out) { Remove-Item -LiteralPath out -Recurse -Force }
}

function Invoke-Docs {
    if (-not (Get-Module -ListAvailable -Name platyPS)) {
        throw 'The Docs task needs the platyPS module, which is not installed. Install it with: Install-Module platyPS -Scope CurrentUser'
    }
    Invoke-Build
    Import-Module platyPS
    # Writes out/Akool/en-US/Akool.dll-Help.xml (MAML) from the cmdlet pages; generated files are never committed.
    # about_Akool.md is already an about topic in its plain-text layout, staged as is (as the build does).
    $pages = Get-ChildItem -Path docs/en-US -Filter '*.md' | Where-Object Name -NotLike 'about_*'
    New-ExternalHelp -Path $pages.FullName -OutputPath out/Akool/en-US -Force | Out-Null
    Copy-Item -LiteralPath docs/en-US/about_Akool.md -Destination out/Akool/en-US/about_Akool.help.txt -Force
    Write-Host 'External help written to out/Akool/en-US.'
}

function Invoke-Package {
    # The build writes out/Akool/en-US/Akool.dll-Help.xml from docs/en-US, so the package always has full help.
    Build-Module
    $version = (Import-PowerShellDataFile -Path Akool.psd1).ModuleVersion
    $zip = "out/Akool.$version.zip"
    # The zip holds the Akool folder itself, which is what Azure Automation's module import expects.
    Compress-Archive -Path out/Akool -DestinationPath $zip -Force
    Write-Host "Packaged $zip."

    # What the Gallery serves: the staged module with the license and the changelog beside it.
    $package = Join-Path $PSScriptRoot 'out/package/Akool'
    if (Test-Path -LiteralPath $package) { Remove-Item -LiteralPath $package -Recurse -Force }
    New-Item -ItemType Directory -Path (Split-Path -Parent $package) -Force | Out-Null
    Copy-Item -LiteralPath (Join-Path $PSScriptRoot 'out/Akool') -Destination $package -Recurse
    Copy-Item -LiteralPath (Join-Path $PSScriptRoot 'LICENSE'), (Join-Path $PSScriptRoot 'CHANGELOG.md') -Destination $package
    $repository = Join-Path $PSScriptRoot 'out/packages'
    New-Item -ItemType Directory -Path $repository -Force | Out-Null
    # A folder repository under a name of this run's own, registered only while publishing.
    $name = 'AkoolLocal' + [guid]::NewGuid().ToString('n')
    Register-PSResourceRepository -Name $name -Uri $repository -Trusted
    try {
        Publish-PSResource -Path $package -Repository $name
    }
    finally {
        Unregister-PSResourceRepository -Name $name
    }
    Write-Host "Published to the folder repository $repository."
    Write-Host 'To publish to the PowerShell Gallery: Publish-PSResource -Path ./out/package/Akool -Repository PSGallery -ApiKey <key>'
}

function Get-FreeTcpPort {
    # Port 0 lets the operating system pick a free port; it is released again for the emulator to take.
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try {
        return $listener.LocalEndpoint.Port
    }
    finally {
        $listener.Stop()
    }
}

function Wait-TcpPort {
    param([int] $Port, [System.Diagnostics.Process] $Process, [string] $Log, [int] $TimeoutSeconds = 60)

    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        if ($Process.HasExited) {
            throw "The emulator stopped (exit code $($Process.ExitCode)) before it answered; see $Log."
        }
        $client = [System.Net.Sockets.TcpClient]::new()
        try {
            $client.Connect([System.Net.IPAddress]::Loopback, $Port)
            return
        }
        catch [System.Net.Sockets.SocketException] {
            Start-Sleep -Milliseconds 200
        }
        finally {
            $client.Dispose()
        }
    }
    throw "The emulator did not answer on port $Port within $TimeoutSeconds s; see $Log."
}

function Build-Module {
    # The module (staged in out/Akool, with its help) and the emulator; the tests are not needed to use them.
    foreach ($project in 'src/Akool/Akool.csproj', 'src/Akool.Emulator/Akool.Emulator.csproj') {
        dotnet build $project -c $Configuration --nologo
        if ($LASTEXITCODE -ne 0) { throw "dotnet build $project failed with exit code $LASTEXITCODE." }
    }
}

function Invoke-Demo {
    Build-Module

    $port = Get-FreeTcpPort
    $url = "http://127.0.0.1:$port"
    $demo = Join-Path $PSScriptRoot 'out/demo'
    if (Test-Path -LiteralPath $demo) { Remove-Item -LiteralPath $demo -Recurse -Force }
    New-Item -ItemType Directory -Path $demo | Out-Null
    $log = Join-Path $demo 'emulator.log'

    # The built emulator is started directly (what `dotnet run --project src/Akool.Emulator -c Release -- --urls $url`
    # runs): `dotnet run` starts the program as a child process, which stopping `dotnet run` would leave running.
    $emulatorDll = Join-Path $PSScriptRoot "src/Akool.Emulator/bin/$Configuration/net10.0/Akool.Emulator.dll"
    if (-not (Test-Path -LiteralPath $emulatorDll)) { throw "The emulator is not built: $emulatorDll is missing." }
    Write-Host "Starting the Akool emulator on $url (log: $log)."
    $emulator = Start-Process -FilePath dotnet -ArgumentList @("`"$emulatorDll`"", '--urls', $url) -PassThru -NoNewWindow -RedirectStandardOutput $log
    try {
        Wait-TcpPort -Port $port -Process $emulator -Log $log

        Import-Module (Join-Path $PSScriptRoot 'out/Akool/Akool.psd1') -Force
        Connect-Akool -BaseUri $url -ApiKey $EmulatorApiKey
        # examples/jobs.csv's URLs are placeholders no one serves; the emulator reads only its fail marker from them.
        $PSDefaultParameterValues['New-AkoolTalkingPhoto:SkipInputCheck'] = $true

        Write-Host 'Running: Import-Csv examples/jobs.csv | New-AkoolTalkingPhoto | Wait-AkoolVideo | Save-AkoolVideo -Destination out/demo'
        Write-Host "(The row 'broken-photo' carries the emulator's akool-fail marker, so one AkoolVideoFailed error is expected.)"
        $failures = @()
        $files = @(Import-Csv (Join-Path $PSScriptRoot 'examples/jobs.csv') |
            New-AkoolTalkingPhoto -ErrorAction Continue -ErrorVariable +failures |
            Wait-AkoolVideo -ErrorAction Continue -ErrorVariable +failures |
            Save-AkoolVideo -Destination $demo -ErrorAction Continue -ErrorVariable +failures)

        $files | Format-Table -Property Name, Length, LastWriteTime -AutoSize | Out-Host
        foreach ($failure in $failures) {
            Write-Host ('{0}: {1}' -f $failure.FullyQualifiedErrorId.Split(',')[0], $failure.ToString())
        }
        Write-Host ('{0} video(s) saved in {1}; {2} error(s).' -f $files.Count, $demo, $failures.Count)
        Get-AkoolCredit | Format-Table -AutoSize | Out-Host
    }
    finally {
        if (Get-Module -Name Akool) { Disconnect-Akool }
        if (-not $emulator.HasExited) {
            Stop-Process -Id $emulator.Id -Force
            $emulator.WaitForExit()
        }
        Write-Host 'Emulator stopped.'
    }
}

Push-Location -LiteralPath $PSScriptRoot
try {
    switch ($Task) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Clean' { Invoke-Clean }
        'Docs' { Invoke-Docs }
        'Package' { Invoke-Package }
        'Demo' { Invoke-Demo }
    }
}
finally {
    Pop-Location
}
