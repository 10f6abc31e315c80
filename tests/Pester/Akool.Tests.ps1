#Requires -Version 7.4
<#
    The user's scenarios, in a real pwsh, with Pester 5 (5.5 or later):

        dotnet test Akool.sln -c Release        # with every other test (PesterSuiteTests), or alone:
        dotnet pwsh tests/Pester/Invoke-PesterSuite.ps1     # builds the solution first, needs Pester 5 installed

    The suite builds the solution itself (dotnet build Akool.sln -c Release) unless AKOOL_PESTER_SKIP_BUILD is 1
    (build.ps1 sets it: dotnet test has just built), imports the staged module out/Akool/Akool.psd1, and starts the
    built emulator (src/Akool.Emulator) on a free loopback port in BeforeAll; AfterAll stops it. Nothing reaches the
    real Akool and nothing is spent.

    dotnet test runs it in the repository's official pwsh (`dotnet pwsh`, after `dotnet tool restore`) with Pester
    5.9.1 from NuGet, and tests/Akool.Tests/Scripts/PesterSuiteTests.cs fails when a test here fails or is skipped
    without a reason in its name. CommandUsageTests also checks this file statically (every cmdlet and parameter it
    uses exists). The context 'The examples in docs/en-US' runs every example of the cmdlet pages as Get-Help prints
    it, each in a fresh folder holding the example CSVs; Get-ExampleSkipList (Akool.TestHelpers.ps1) names the few that
    cannot run against the emulator, each with why.
#>

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'Akool.TestHelpers.ps1')
    $docExamples = @(Get-DocExample -DocsFolder (Join-Path (Get-RepositoryRoot) 'docs/en-US'))
    # The tests that start a child pwsh need this process to be one that can be started as pwsh (pwsh, or pwsh.dll
    # under dotnet); in a host that embeds PowerShell they are skipped, and their names say so.
    $noChildPwsh = -not (Test-PwshProcess)
    $noChildPwshReason = if ($noChildPwsh) { ' (skipped: this PowerShell host cannot be started again as pwsh)' } else { '' }
}

Describe 'Akool module against the emulator' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'Akool.TestHelpers.ps1')
        $root = Get-RepositoryRoot
        if ($env:AKOOL_PESTER_SKIP_BUILD -ne '1') {
            & (Get-DotnetPath) build (Join-Path $root 'Akool.sln') -c Release --nologo -v quiet | Out-Null
            if ($LASTEXITCODE -ne 0) { throw "dotnet build failed with exit code $LASTEXITCODE." }
        }
        $manifest = Join-Path $root 'out/Akool/Akool.psd1'
        Import-Module $manifest -Force -ErrorAction Stop
        # The scenarios use placeholder URLs no one serves (examples/jobs.csv); the input check has tests of its own.
        $global:PSDefaultParameterValues['New-AkoolTalkingPhoto:SkipInputCheck'] = $true
        # The emulator's videos are done in a fraction of a second; Wait-AkoolVideo would first ask after 1 s.
        $global:PSDefaultParameterValues['Wait-AkoolVideo:PollInterval'] = 0.1

        # Everything the suite writes goes under one folder, so the last test can search it all for secrets.
        $work = Join-Path ([System.IO.Path]::GetTempPath()) ('akool-pester-' + [guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory -Path $work | Out-Null
        $jobsCsv = Join-Path $root 'examples/jobs.csv'
        $videoSize = 150000
        # Jobs finish in a fraction of a second, so the suite waits for nothing; the one test that needs a job still
        # going (a -Timeout) starts a slow emulator of its own.
        $emulator = Start-Emulator -RepositoryRoot $root -LogFolder $work -Option @(
            '--queue-seconds', '0.05', '--processing-seconds', '0.2', '--video-size', "$videoSize", '--quiet')
        $url = $emulator.Url
        # The emulator's default API key (README, build.ps1): the one secret the suite must never see printed.
        $apiKey = 'emulator-secret-0123456789abcdef'
        $clientId = 'emulator-client'
        Connect-Akool -BaseUri $url -ApiKey $apiKey

        function Invoke-Collected {
            <# Runs $Script with errors as data: its output objects and its ErrorRecords, apart. #>
            param([Parameter(Mandatory)] [scriptblock] $Script)
            $all = & {
                $ErrorActionPreference = 'Continue'
                & $Script
            } 2>&1
            [pscustomobject]@{
                Output = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
                Errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            }
        }

        function New-WorkFolder {
            param([Parameter(Mandatory)] [string] $Name)
            $folder = Join-Path $work $Name
            New-Item -ItemType Directory -Path (Join-Path $folder 'examples') -Force | Out-Null
            Copy-Item -LiteralPath $jobsCsv -Destination (Join-Path $folder 'jobs.csv')
            Copy-Item -LiteralPath $jobsCsv -Destination (Join-Path $folder 'examples/jobs.csv')
            # The docs' text-to-speech examples read ./examples/script.csv or ./script.csv.
            Copy-Item -LiteralPath (Join-Path $root 'examples/script.csv') -Destination (Join-Path $folder 'examples/script.csv')
            Copy-Item -LiteralPath (Join-Path $root 'examples/script.csv') -Destination (Join-Path $folder 'script.csv')
            $folder
        }
    }

    AfterAll {
        if (Get-Module -Name Akool) {
            Disconnect-Akool
            Remove-Module -Name Akool -Force
        }
        Stop-Emulator -Emulator $emulator
        if ($work -and (Test-Path -LiteralPath $work)) { Remove-Item -LiteralPath $work -Recurse -Force }
    }

    Context 'Help shipped with the module' {
        It 'Get-Help -Full shows the description and at least two examples for every cmdlet' {
            $cmdlets = @(Get-Command -Module Akool -CommandType Cmdlet)
            $cmdlets.Count | Should -BeGreaterThan 0
            foreach ($cmdlet in $cmdlets) {
                $help = Get-Help -Name $cmdlet.Name -Full
                ($help.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "$($cmdlet.Name) needs a description"
                @($help.examples.example).Count | Should -BeGreaterOrEqual 2 -Because "$($cmdlet.Name) needs two examples"
            }
        }

        It 'Get-Help -Parameter answers for every parameter of every cmdlet' {
            foreach ($cmdlet in Get-Command -Module Akool -CommandType Cmdlet) {
                # A DontShow parameter (one the pipeline binds, not for typing) has no help, as platyPS -ExcludeDontShow.
                $hidden = @($cmdlet.Parameters.Values | Where-Object { $_.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.DontShow } } | ForEach-Object Name)
                foreach ($name in $cmdlet.Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.Cmdlet]::CommonParameters -and $_ -notin $hidden }) {
                    $parameter = Get-Help -Name $cmdlet.Name -Parameter $name
                    $parameter.name | Should -Be $name
                    ($parameter.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$name of $($cmdlet.Name) needs text"
                }
            }
        }

        It 'Get-Help about_Akool shows the guide' {
            Get-Help about_Akool | Out-String | Should -Match 'LONG DESCRIPTION'
        }
    }

    Context 'The README one-liner from a CSV file' {
        BeforeAll {
            $folder = New-WorkFolder -Name 'one-liner'
            Push-Location -LiteralPath $folder
            try {
                $creditBefore = (Get-AkoolCredit).Credit
                $run = Invoke-Collected {
                    Import-Csv ./examples/jobs.csv | New-AkoolTalkingPhoto | Wait-AkoolVideo | Save-AkoolVideo -Destination ./videos
                }
                $creditAfter = (Get-AkoolCredit).Credit
            }
            finally {
                Pop-Location
            }
            $videos = Join-Path $folder 'videos'
        }

        It 'saves one MP4 per row except the failing one' {
            $run.Output | Should -HaveCount 7
            $run.Output | ForEach-Object { $_ | Should -BeOfType ([System.IO.FileInfo]) }
            @(Get-ChildItem -LiteralPath $videos -Filter '*.mp4') | Should -HaveCount 7
            Join-Path $videos 'onboarding 1_3.mp4' | Should -Exist
        }

        It 'writes files that are byte for byte what the emulator serves' {
            foreach ($file in Get-ChildItem -LiteralPath $videos -Filter '*.mp4') {
                $file.Length | Should -Be $videoSize
                $id = Get-SavedVideoId -Path $file.FullName
                $id | Should -Not -BeNullOrEmpty
                $reference = Join-Path $TestDrive "$id.mp4"
                Invoke-WebRequest -Uri "$url/videos/$id.mp4" -OutFile $reference
                (Get-FileHash -LiteralPath $file.FullName).Hash | Should -BeExactly (Get-FileHash -LiteralPath $reference).Hash
            }
        }

        It 'reports the failing row once, as AkoolVideoFailed naming the row' {
            $run.Errors | Should -HaveCount 1
            $failure = $run.Errors[0]
            $failure.FullyQualifiedErrorId | Should -BeLike 'AkoolVideoFailed,*'
            $failure.CategoryInfo.Category | Should -Be 'InvalidResult'
            "$failure $($failure.TargetObject.Name)" | Should -Match 'broken-photo'
        }

        It 'leaves no partial download behind' {
            @(Get-ChildItem -LiteralPath $videos -Filter '*.akool-partial' -Force) | Should -HaveCount 0
        }

        It 'spends the credit of the eight creates' {
            $creditBefore - $creditAfter | Should -Be 80
        }
    }

    Context 'Resuming a batch' {
        BeforeAll {
            $folder = New-WorkFolder -Name 'resume'
        }

        It 'Export-Csv keeps each video''s Id and Name' {
            Push-Location -LiteralPath $folder
            try {
                Import-Csv ./jobs.csv | New-AkoolTalkingPhoto | Export-Csv ./submitted.csv -NoTypeInformation
                $rows = @(Import-Csv ./submitted.csv)
            }
            finally { Pop-Location }
            $rows | Should -HaveCount 8
            $rows | ForEach-Object { $_.Id | Should -Match '^[0-9a-f]{24}$' }
            $rows.Name | Should -Contain 'welcome'
        }

        It 'Import-Csv of the export waits and saves without creating anything' {
            $before = (Get-AkoolCredit).Credit
            Push-Location -LiteralPath $folder
            try {
                $run = Invoke-Collected { Import-Csv ./submitted.csv | Wait-AkoolVideo | Save-AkoolVideo -Destination ./videos -SkipExisting }
            }
            finally { Pop-Location }
            $run.Output | Should -HaveCount 7
            $run.Errors.FullyQualifiedErrorId | Should -BeLike 'AkoolVideoFailed,*'
            (Get-AkoolCredit).Credit | Should -Be $before
            Join-Path $folder 'videos/welcome.mp4' | Should -Exist
        }

        It 'a journal re-run creates nothing and keeps the saved files' {
            Push-Location -LiteralPath $folder
            try {
                $first = Invoke-Collected {
                    Import-Csv ./jobs.csv | New-AkoolTalkingPhoto -JournalPath ./jobs.journal | Wait-AkoolVideo | Save-AkoolVideo -Destination ./journal-videos -SkipExisting
                }
                $stamps = Get-ChildItem ./journal-videos -Filter '*.mp4' | ForEach-Object { $_.Name + '|' + $_.LastWriteTimeUtc.Ticks }
                $before = (Get-AkoolCredit).Credit
                $second = Invoke-Collected {
                    Import-Csv ./jobs.csv | New-AkoolTalkingPhoto -JournalPath ./jobs.journal | Wait-AkoolVideo | Save-AkoolVideo -Destination ./journal-videos -SkipExisting
                }
                $after = (Get-AkoolCredit).Credit
                $stampsAgain = Get-ChildItem ./journal-videos -Filter '*.mp4' | ForEach-Object { $_.Name + '|' + $_.LastWriteTimeUtc.Ticks }
            }
            finally { Pop-Location }
            $first.Output | Should -HaveCount 7
            $second.Output | Should -HaveCount 7
            $after | Should -Be $before
            $stampsAgain | Should -Be $stamps
        }

        It 'the journal re-run gives back the same video ids' {
            Push-Location -LiteralPath $folder
            try {
                $once = @(Import-Csv ./jobs.csv | New-AkoolTalkingPhoto -JournalPath ./ids.journal).Id
                $again = @(Import-Csv ./jobs.csv | New-AkoolTalkingPhoto -JournalPath ./ids.journal).Id
            }
            finally { Pop-Location }
            $once | Should -HaveCount 8
            $again | Should -Be $once
        }
    }

    Context 'From a script: Text and Voice columns (examples/script.csv)' {
        BeforeAll {
            $folder = New-WorkFolder -Name 'script'
            Push-Location -LiteralPath $folder
            try {
                $first = Invoke-Collected {
                    Import-Csv ./script.csv | New-AkoolTalkingPhoto -JournalPath ./script.journal | Wait-AkoolVideo | Save-AkoolVideo -Destination ./videos
                }
                $before = (Get-AkoolCredit).Credit
                $second = Invoke-Collected {
                    Import-Csv ./script.csv | New-AkoolTalkingPhoto -JournalPath ./script.journal | Wait-AkoolVideo | Save-AkoolVideo -Destination ./videos -SkipExisting
                }
                $after = (Get-AkoolCredit).Credit
                @(
                    [pscustomobject]@{ Name = 'ok'; talking_photo_url = 'https://media.example.com/faces/anna.jpg'; Text = 'Fine.'; Voice = 'Alice' }
                    [pscustomobject]@{ Name = 'bad'; talking_photo_url = 'https://media.example.com/faces/ben.jpg'; Text = 'Please akool-fail.'; Voice = 'Brian' }
                ) | Export-Csv ./failing.csv -NoTypeInformation
                $failing = Invoke-Collected {
                    Import-Csv ./failing.csv | New-AkoolTalkingPhoto -Language en | Wait-AkoolVideo | Save-AkoolVideo -Destination ./failing-videos
                }
                $whatIf = Invoke-Collected { Import-Csv ./script.csv | New-AkoolTalkingPhoto -SpeechCharacterLimit 5000 -WhatIf }
                $speechFirst = Invoke-Collected { Import-Csv ./script.csv | New-AkoolSpeech -JournalPath ./speech.journal -Wait }
                $creditBeforeSpeechRerun = (Get-AkoolCredit).Credit
                $speechSecond = Invoke-Collected { Import-Csv ./script.csv | New-AkoolSpeech -JournalPath ./speech.journal -Wait }
                $creditAfterSpeechRerun = (Get-AkoolCredit).Credit
                $speechFirst.Output | Export-Csv ./speeches.csv -NoTypeInformation
                $savedById = Invoke-Collected { Import-Csv ./speeches.csv | Save-AkoolSpeech -Destination ./speech-files }
                $savedAgain = Invoke-Collected { Import-Csv ./speeches.csv | Save-AkoolSpeech -Destination ./speech-files -SkipExisting }
            }
            finally { Pop-Location }
        }

        It 'makes one video per row, each from its row''s speech' {
            $first.Errors | Should -HaveCount 0
            @(Get-ChildItem -LiteralPath (Join-Path $folder 'videos') -Filter '*.mp4').Name | Sort-Object |
                Should -Be @('bienvenida.mp4', 'product-tour.mp4', 'support.mp4', 'welcome.mp4')
        }

        It 'a journal re-run pays for neither a speech nor a video again' {
            $second.Errors | Should -HaveCount 0
            $second.Output | Should -HaveCount 4
            $after | Should -Be $before
        }

        It 'a failed speech is AkoolSpeechFailed for its row and the other row goes on' {
            $failing.Errors | Should -HaveCount 1
            $failing.Errors[0].FullyQualifiedErrorId | Should -BeLike 'AkoolSpeechFailed,*'
            $failing.Errors[0].CategoryInfo.Category | Should -Be 'InvalidResult'
            $failing.Errors[0].TargetObject.Name | Should -Be 'bad'
            Join-Path $folder 'failing-videos/ok.mp4' | Should -Exist
        }

        It '-WhatIf spends nothing' {
            $whatIf.Errors | Should -HaveCount 0
            $whatIf.Output | Should -HaveCount 0
        }

        It 'New-AkoolSpeech -JournalPath: a re-run gives back the same spoken speeches and pays for none again' {
            $speechFirst.Errors | Should -HaveCount 0
            $speechSecond.Errors | Should -HaveCount 0
            $speechFirst.Output | Should -HaveCount 4
            $speechSecond.Output.Id | Should -Be $speechFirst.Output.Id
            @($speechSecond.Output | Where-Object Status -ne 'Completed') | Should -HaveCount 0
            $creditAfterSpeechRerun | Should -Be $creditBeforeSpeechRerun
        }

        It 'Save-AkoolSpeech saves an exported list of speeches by id, and -SkipExisting keeps the files on a re-run' {
            $savedById.Errors | Should -HaveCount 0
            $savedAgain.Errors | Should -HaveCount 0
            @($savedById.Output.Name | Sort-Object) | Should -Be @('bienvenida.mp3', 'product-tour.mp3', 'support.mp3', 'welcome.mp3')
            @($savedAgain.Output.Name | Sort-Object) | Should -Be @('bienvenida.mp3', 'product-tour.mp3', 'support.mp3', 'welcome.mp3')
        }

        It 'Tab completes -Voice with the voice names' {
            $line = 'New-AkoolTalkingPhoto -Voice Bri'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'Brian'
        }
    }

    Context 'The examples in docs/en-US, run as Get-Help prints them' {
        BeforeAll {
            $savedEnvironment = @{ AKOOL_API_KEY = $env:AKOOL_API_KEY; AKOOL_API_HOST = $env:AKOOL_API_HOST; AKOOL_CLIENT_ID = $env:AKOOL_CLIENT_ID; AKOOL_CLIENT_SECRET = $env:AKOOL_CLIENT_SECRET }
            # Examples that connect from the environment connect to the emulator.
            $env:AKOOL_API_KEY = $apiKey
            $env:AKOOL_API_HOST = $url
            $env:AKOOL_CLIENT_ID = $null
            $env:AKOOL_CLIENT_SECRET = $null
            $submitted = Join-Path $work 'submitted-for-examples.csv'
            Import-Csv -LiteralPath $jobsCsv | New-AkoolTalkingPhoto | Export-Csv -LiteralPath $submitted -NoTypeInformation
            # The credit is read through a connection of the test's own: an example may disconnect the current one.
            $probe = Connect-Akool -BaseUri $url -ApiKey $apiKey -PassThru
            # A reference, so BeforeEach (which runs in each test's own scope) can count.
            $exampleCounter = [ref] 0
        }

        AfterAll {
            # SetEnvironmentVariable with $null removes a variable that was not set before.
            foreach ($name in $savedEnvironment.Keys) { [Environment]::SetEnvironmentVariable($name, $savedEnvironment[$name]) }
            Disconnect-Akool -Connection $probe
            Connect-Akool -BaseUri $url -ApiKey $apiKey
        }

        BeforeEach {
            Connect-Akool -BaseUri $url -ApiKey $apiKey
            $exampleCounter.Value++
            $exampleFolder = New-WorkFolder -Name "example-$($exampleCounter.Value)"
            Copy-Item -LiteralPath $submitted -Destination (Join-Path $exampleFolder 'submitted.csv')
        }

        It 'every skipped example is still on its page' {
            $known = @(Get-DocExample -DocsFolder (Join-Path $root 'docs/en-US') | ForEach-Object { "$($_.Page) $($_.Number)" })
            @((Get-ExampleSkipList).Keys | Where-Object { $_ -notin $known }) | Should -BeNullOrEmpty
        }

        foreach ($example in $docExamples) {
            $testName = if ($example.SkipReason) { "$($example.Page): $($example.Title) (skipped: $($example.SkipReason))" } else { "$($example.Page): $($example.Title)" }
            It $testName -Skip:([bool] $example.SkipReason) -ForEach @(@{ Example = $example }) {
                # What a user reads: the code and the banner Get-Help prints, which must be the page's.
                $printed = @((Get-Help -Name $Example.Page -Examples).examples.example)[$Example.Number - 1]
                $printed.title | Should -Match ('^-{4,} Example ' + $Example.Number + ': .+ -{4,}$') -Because 'a title without its banner reads as part of the text above it'
                $printed.code.Trim() | Should -Be $Example.Code.Trim()

                # The pages show the emulator at its default address; this run's emulator is elsewhere.
                $exampleScript = [scriptblock]::Create($printed.code.Replace('http://127.0.0.1:5080', $url))
                $creditBefore = (Get-AkoolCredit -Connection $probe).Credit
                Push-Location -LiteralPath $exampleFolder
                try {
                    $run = Invoke-Collected $exampleScript
                }
                finally { Pop-Location }
                # The only error an example may show is the failure jobs.csv asks for on purpose.
                $run.Errors | Where-Object { $_.FullyQualifiedErrorId -notlike 'AkoolVideoFailed,*' } | Should -BeNullOrEmpty
                # An example that creates must create something: a filter that lets no row through is a broken example.
                if ($printed.code -match 'New-AkoolTalkingPhoto|New-AkoolSpeech' -and $printed.code -notmatch '-WhatIf') {
                    (Get-AkoolCredit -Connection $probe).Credit | Should -BeLessThan $creditBefore -Because 'the example should create a video or a speech'
                }
            }
        }
    }

    Context 'Local files from a CSV (examples/local.csv) through -Uploader' {
        BeforeAll {
            $folder = New-WorkFolder -Name 'local-files'
            Copy-Item -LiteralPath (Join-Path $root 'examples/local.csv') -Destination (Join-Path $folder 'local.csv')
            Copy-Item -LiteralPath (Join-Path $root 'examples/media') -Destination (Join-Path $folder 'examples/media') -Recurse
            $stored = [System.Collections.Generic.List[string]]::new()
            Push-Location -LiteralPath $folder
            try {
                $run = Invoke-Collected {
                    Import-Csv ./local.csv | New-AkoolTalkingPhoto -Uploader { $stored.Add($_.Name); "https://files.example.com/$($_.Name)" } |
                        Wait-AkoolVideo | Save-AkoolVideo -Destination ./videos
                }
            }
            finally { Pop-Location }
        }

        It 'makes one video per row' {
            $run.Errors | Should -BeNullOrEmpty
            @(Get-ChildItem -LiteralPath (Join-Path $folder 'videos') -Filter '*.mp4').Name | Sort-Object | Should -Be @('goodbye.mp4', 'welcome-again.mp4', 'welcome.mp4')
        }

        It 'hands the uploader each distinct file once' {
            @($stored | Sort-Object) | Should -Be @('bye.mp3', 'face.png', 'hello.mp3')
        }
    }

    Context '-WhatIf' {
        It "New-AkoolTalkingPhoto -WhatIf prints one line per row and spends nothing$noChildPwshReason" -Skip:$noChildPwsh {
            $before = (Get-AkoolCredit).Credit
            $child = Invoke-ChildPwsh -Script @"
Import-Module '$manifest'
Connect-Akool -BaseUri '$url' -ApiKey '$apiKey'
Import-Csv '$jobsCsv' | New-AkoolTalkingPhoto -WhatIf -SkipInputCheck
"@
            $child.ExitCode | Should -Be 0
            # Joined, in case the console wrapped a long line.
            $lines = @(($child.Text -replace "`r?`n", '') -split '(?=What if: )' | Where-Object { $_ -like 'What if:*' })
            $lines | Should -HaveCount 8
            $lines[0] | Should -Match 'What if: Performing the operation "Create an Akool talking-photo video \(spends credits\)" on target "Row 1 \(''welcome''\): https://media\.example\.com/faces/anna\.jpg \+ https://media\.example\.com/voice/welcome\.mp3"'
            (Get-AkoolCredit).Credit | Should -Be $before
        }

        It 'Save-AkoolVideo -WhatIf writes no file' {
            $video = [pscustomobject]@{ TalkingPhotoUrl = 'https://media.example.com/faces/anna.jpg'; AudioUrl = 'https://media.example.com/voice/a.mp3'; Name = 'whatif' } |
                New-AkoolTalkingPhoto | Wait-AkoolVideo
            $destination = Join-Path $TestDrive 'whatif-videos'
            $video | Save-AkoolVideo -Destination $destination -WhatIf
            Join-Path $destination 'whatif.mp4' | Should -Not -Exist
        }
    }

    Context 'Parameters' {
        It 'New-AkoolTalkingPhoto -Resolution 1080p is accepted as 1080 and kept on the video' {
            $video = New-AkoolTalkingPhoto -TalkingPhotoUrl 'https://media.example.com/faces/anna.jpg' -AudioUrl 'https://media.example.com/voice/a.mp3' -Resolution 1080p -Name 'full-hd'
            $video.Resolution | Should -BeExactly '1080'
            $video.Name | Should -BeExactly 'full-hd'
        }

        It 'New-AkoolTalkingPhoto -Resolution 480 is refused before anything is sent' {
            $before = (Get-AkoolCredit).Credit
            $Error.Clear()
            New-AkoolTalkingPhoto -TalkingPhotoUrl 'https://media.example.com/faces/anna.jpg' -AudioUrl 'https://media.example.com/voice/a.mp3' -Resolution 480 -ErrorAction SilentlyContinue
            $Error[0].FullyQualifiedErrorId | Should -BeExactly 'AkoolInvalidInput,Akool.Commands.NewAkoolTalkingPhotoCommand'
            (Get-AkoolCredit).Credit | Should -Be $before
        }
    }

    Context 'Table and list views at 120 columns' {
        BeforeAll {
            $shown = @(Import-Csv -LiteralPath $jobsCsv | Select-Object -First 3 | New-AkoolTalkingPhoto | Wait-AkoolVideo)
        }

        It 'the default table shows every whole Id (the key column is never cut)' {
            $text = $shown | Out-String -Width 120
            ($text -split "`r?`n" | Where-Object { $_ -match '^\s*Id\s' } | Select-Object -First 1) -split '\s+' | Where-Object { $_ } |
                Should -Be @('Id', 'Status', 'Name', 'CreatedAt', 'VideoUrl')
            foreach ($video in $shown) { $text | Should -Match ([regex]::Escape($video.Id)) }
        }

        It 'Format-Table keeps the Id column whole' {
            $text = $shown | Format-Table | Out-String -Width 120
            foreach ($video in $shown) { $text | Should -Match ([regex]::Escape($video.Id)) }
        }

        It 'Format-List shows every property of a video' {
            $text = $shown[0] | Format-List | Out-String -Width 120
            foreach ($property in 'Id', 'Status', 'Name', 'VideoUrl', 'CreatedAt', 'ExpiresAt', 'TalkingPhotoUrl', 'AudioUrl') {
                $text | Should -Match "(?m)^$property\s+:"
            }
            $text | Should -Match ([regex]::Escape($shown[0].Id))
        }

        It 'credit renders as a table, the connection as a list (as a table within 80 columns on request), without the key' {
            $text = (Get-AkoolCredit | Out-String -Width 120) + (Get-AkoolConnection | Out-String -Width 80)
            $text | Should -Match 'Credit\s+BaseUri\s+RetrievedAt'
            $text | Should -Match '(?m)^AuthenticationMode\s+: ApiKey'
            foreach ($width in 80, 120) {
                $table = Get-AkoolConnection | Format-Table | Out-String -Width $width
                $table | Should -Match '(?m)^BaseUri\s+AuthenticationMode\s+ConnectedAt\s+ClientId\s*$'
                $table -split "`r?`n" | Where-Object { $_.Length -ge $width } | Should -BeNullOrEmpty
                $text += $table
            }
            $text | Should -Not -Match ([regex]::Escape($apiKey))
        }
    }

    Context 'Tab completion' {
        It 'completes -Resolution with the two sizes' {
            $line = 'New-AkoolTalkingPhoto -Resolution '
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('720', '1080')
        }

        It 'completes a -Resolution prefix' {
            $line = 'New-AkoolTalkingPhoto -Resolution 1'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -BeExactly '1080'
        }

        It 'completes -Id of <Command> with the ids this session has seen' -ForEach @(
            @{ Command = 'Get-AkoolVideo' }
            @{ Command = 'Wait-AkoolVideo' }
            @{ Command = 'Save-AkoolVideo' }
        ) {
            $video = [pscustomobject]@{ TalkingPhotoUrl = 'https://media.example.com/faces/anna.jpg'; AudioUrl = 'https://media.example.com/voice/a.mp3'; Name = "complete-$Command" } |
                New-AkoolTalkingPhoto
            $line = "$Command -Id $($video.Id.Substring(0, 20))"
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain $video.Id
        }

        It 'completes Save-AkoolSpeech -Id with the speeches this session has made, and no video ids' {
            $speech = New-AkoolSpeech -Text 'Tab completion, spoken.' -Voice Brian -Name complete-speech
            $video = [pscustomobject]@{ TalkingPhotoUrl = 'https://media.example.com/faces/anna.jpg'; AudioUrl = 'https://media.example.com/voice/a.mp3'; Name = 'complete-not-a-speech' } |
                New-AkoolTalkingPhoto
            $line = 'Save-AkoolSpeech -Id '
            $offered = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
            $offered | Should -Contain $speech.Id
            $offered | Should -Not -Contain $video.Id
        }
    }

    Context 'Documented error ids, as $Error[0] shows them' {
        BeforeEach {
            $Error.Clear()
        }

        It 'AkoolInvalidInput for a row whose photo URL is not http(s)' {
            [pscustomobject]@{ TalkingPhotoUrl = 'ftp://media.example.com/a.jpg'; AudioUrl = 'https://media.example.com/a.mp3' } |
                New-AkoolTalkingPhoto -ErrorAction SilentlyContinue
            $Error[0].FullyQualifiedErrorId | Should -BeExactly 'AkoolInvalidInput,Akool.Commands.NewAkoolTalkingPhotoCommand'
            $Error[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        }

        It 'AkoolInvalidInput for a malformed video id' {
            # White space cannot be in an id; any other shape is asked of Akool (the contract promises none).
            Get-AkoolVideo -Id 'not a video id' -ErrorAction SilentlyContinue
            $Error[0].FullyQualifiedErrorId | Should -BeExactly 'AkoolInvalidInput,Akool.Commands.GetAkoolVideoCommand'
        }

        It 'AkoolVideoFailed for the row the emulator fails' {
            [pscustomobject]@{ TalkingPhotoUrl = 'https://media.example.com/akool-fail/a.jpg'; AudioUrl = 'https://media.example.com/a.mp3'; Name = 'fails' } |
                New-AkoolTalkingPhoto | Wait-AkoolVideo -ErrorAction SilentlyContinue
            $Error[0].FullyQualifiedErrorId | Should -BeExactly 'AkoolVideoFailed,Akool.Commands.WaitAkoolVideoCommand'
            $Error[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        }

        It 'AkoolVideoNotFound for an id Akool does not know' {
            Get-AkoolVideo -Id '0123456789abcdef01234567' -ErrorAction SilentlyContinue
            $Error[0].FullyQualifiedErrorId | Should -BeExactly 'AkoolVideoNotFound,Akool.Commands.GetAkoolVideoCommand'
            $Error[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }

        It 'AkoolWaitTimeout when -Timeout ends the wait first' {
            # A job that takes a minute, so a 1 s wait ends first however slow the machine is.
            $slow = Start-Emulator -RepositoryRoot $root -LogFolder $work -Option @('--processing-seconds', '60', '--quiet')
            try {
                Connect-Akool -BaseUri $slow.Url -ApiKey $apiKey
                [pscustomobject]@{ TalkingPhotoUrl = 'https://media.example.com/faces/anna.jpg'; AudioUrl = 'https://media.example.com/a.mp3' } |
                    New-AkoolTalkingPhoto | Wait-AkoolVideo -Timeout 1 -ErrorAction SilentlyContinue
            }
            finally {
                Connect-Akool -BaseUri $url -ApiKey $apiKey
                Stop-Emulator -Emulator $slow
            }
            $Error[0].FullyQualifiedErrorId | Should -BeExactly 'AkoolWaitTimeout,Akool.Commands.WaitAkoolVideoCommand'
            $Error[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        }

        It 'AkoolFileExists when the file is already there' {
            $destination = Join-Path $TestDrive 'exists'
            $video = [pscustomobject]@{ TalkingPhotoUrl = 'https://media.example.com/faces/anna.jpg'; AudioUrl = 'https://media.example.com/a.mp3'; Name = 'twice' } |
                New-AkoolTalkingPhoto | Wait-AkoolVideo
            $video | Save-AkoolVideo -Destination $destination | Should -HaveCount 1
            $video | Save-AkoolVideo -Destination $destination -ErrorAction SilentlyContinue
            $Error[0].FullyQualifiedErrorId | Should -BeExactly 'AkoolFileExists,Akool.Commands.SaveAkoolVideoCommand'
        }

        It 'AkoolDestinationInvalid when the destination is under a file' {
            $file = Join-Path $TestDrive 'a-file'
            Set-Content -LiteralPath $file -Value 'x'
            { Save-AkoolVideo -Id '0123456789abcdef01234567' -Destination (Join-Path $file 'sub') -ErrorAction Stop } |
                Should -Throw -ErrorId 'AkoolDestinationInvalid,Akool.Commands.SaveAkoolVideoCommand'
            $Error[0].FullyQualifiedErrorId | Should -BeExactly 'AkoolDestinationInvalid,Akool.Commands.SaveAkoolVideoCommand'
        }

        It 'AkoolJournalInvalid when -JournalPath is not a journal' {
            $notJournal = Join-Path $TestDrive 'jobs.csv'
            Copy-Item -LiteralPath $jobsCsv -Destination $notJournal
            { Import-Csv -LiteralPath $jobsCsv | New-AkoolTalkingPhoto -JournalPath $notJournal -ErrorAction Stop } |
                Should -Throw -ErrorId 'AkoolJournalInvalid,Akool.Commands.NewAkoolTalkingPhotoCommand'
            $Error[0].FullyQualifiedErrorId | Should -BeExactly 'AkoolJournalInvalid,Akool.Commands.NewAkoolTalkingPhotoCommand'
        }

        It 'AkoolWebhookMalformed for a body that is not a callback' {
            'not a callback' | ConvertFrom-AkoolWebhook -ClientId $clientId -ClientSecret $apiKey -ErrorAction SilentlyContinue
            $Error[0].FullyQualifiedErrorId | Should -BeExactly 'AkoolWebhookMalformed,Akool.Commands.ConvertFromAkoolWebhookCommand'
        }

        It 'AkoolInsecureBaseUri for plain http to a remote host' {
            { Connect-Akool -BaseUri 'http://openapi.example.com' -ApiKey $apiKey } |
                Should -Throw -ErrorId 'AkoolInsecureBaseUri,Akool.Commands.ConnectAkoolCommand'
            $Error[0].FullyQualifiedErrorId | Should -BeExactly 'AkoolInsecureBaseUri,Akool.Commands.ConnectAkoolCommand'
        }

        It 'AkoolAuthenticationFailed for a wrong key, which leaves the current connection as it was' {
            { Connect-Akool -BaseUri $url -ApiKey 'wrong-key-0123456789abcdef012345' } |
                Should -Throw -ErrorId 'AkoolAuthenticationFailed,Akool.Commands.ConnectAkoolCommand'
            $Error[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
            (Get-AkoolConnection).BaseUri.AbsoluteUri | Should -Be "$url/"
        }

        It 'AkoolNotConnected after Disconnect-Akool' {
            Disconnect-Akool
            try {
                { Get-AkoolCredit } | Should -Throw -ErrorId 'AkoolNotConnected,Akool.Commands.GetAkoolCreditCommand'
                $Error[0].FullyQualifiedErrorId | Should -BeExactly 'AkoolNotConnected,Akool.Commands.GetAkoolCreditCommand'
            }
            finally {
                Connect-Akool -BaseUri $url -ApiKey $apiKey
            }
        }
    }

    Context "Connecting from environment variables, in a child pwsh$noChildPwshReason" -Skip:$noChildPwsh {
        It 'connects with AKOOL_API_KEY and AKOOL_API_HOST' {
            $child = Invoke-ChildPwsh -Script @"
`$env:AKOOL_API_KEY = '$apiKey'; `$env:AKOOL_API_HOST = '$url'; `$env:AKOOL_CLIENT_ID = `$null; `$env:AKOOL_CLIENT_SECRET = `$null
Import-Module '$manifest'
Connect-Akool -Verbose 4>&1 | Out-Null
'mode=' + (Get-AkoolConnection).AuthenticationMode
'credit=' + (Get-AkoolCredit).Credit
"@
            $child.ExitCode | Should -Be 0
            $child.Text | Should -Match 'mode=ApiKey'
            $child.Text | Should -Match 'credit=\d+'
            $child.Text | Should -Not -Match ([regex]::Escape($apiKey))
        }

        It 'connects with AKOOL_CLIENT_ID and AKOOL_CLIENT_SECRET' {
            $child = Invoke-ChildPwsh -Script @"
`$env:AKOOL_API_KEY = `$null; `$env:AKOOL_API_HOST = '$url'; `$env:AKOOL_CLIENT_ID = '$clientId'; `$env:AKOOL_CLIENT_SECRET = '$apiKey'
Import-Module '$manifest'
Connect-Akool
'mode=' + (Get-AkoolConnection).AuthenticationMode
"@
            $child.ExitCode | Should -Be 0
            $child.Text | Should -Match 'mode=ClientCredentials'
            $child.Text | Should -Not -Match ([regex]::Escape($apiKey))
        }

        It 'says AkoolCredentialMissing when no variable is set' {
            $child = Invoke-ChildPwsh -Script @"
`$env:AKOOL_API_KEY = `$null; `$env:AKOOL_API_HOST = '$url'; `$env:AKOOL_CLIENT_ID = `$null; `$env:AKOOL_CLIENT_SECRET = `$null
Import-Module '$manifest'
try { Connect-Akool } catch { 'id=' + `$_.FullyQualifiedErrorId }
"@
            $child.Text | Should -Match 'id=AkoolCredentialMissing,Akool\.Commands\.ConnectAkoolCommand'
        }
    }

    Context 'No secret in any stream or file' {
        It 'no stream shows the key, even with -Verbose and -Debug' {
            $all = & {
                $DebugPreference = 'Continue'
                $ErrorActionPreference = 'Continue'
                Connect-Akool -BaseUri $url -ApiKey $apiKey -ClientId $clientId -PassThru -Verbose -Debug
                Import-Csv -LiteralPath $jobsCsv | Select-Object -First 2 | New-AkoolTalkingPhoto -Verbose -Debug | Wait-AkoolVideo -Verbose -Debug |
                    Save-AkoolVideo -Destination (Join-Path $work 'secret-check') -Verbose -Debug
                # A refused key is a terminating error (Pester's own try/catch would end the test here): its record
                # is part of what must not show a key.
                try { Connect-Akool -BaseUri $url -ApiKey 'wrong-key-0123456789abcdef012345' -Verbose -Debug }
                catch { $_; $_.Exception.ToString() }
            } *>&1 | Out-String -Width 200
            $all | Should -Not -BeNullOrEmpty
            $all | Should -Not -Match ([regex]::Escape($apiKey))
            $all | Should -Not -Match 'wrong-key-0123456789abcdef012345'
            Connect-Akool -BaseUri $url -ApiKey $apiKey
        }

        It 'the connection object and $Error hide the key' {
            $connection = Get-AkoolConnection
            "$connection" | Should -Not -Match ([regex]::Escape($apiKey))
            ($connection | Format-List -Property * | Out-String) | Should -Not -Match ([regex]::Escape($apiKey))
            ($Error | ForEach-Object { "$_ $($_.Exception) $($_.TargetObject)" } | Out-String) | Should -Not -Match ([regex]::Escape($apiKey))
        }

        It 'no file the suite wrote holds the key' {
            @(Get-ChildItem -LiteralPath $work -Recurse -File | Where-Object Name -NotLike 'emulator-*' |
                Select-String -SimpleMatch -Pattern $apiKey -List) | Should -HaveCount 0
            @(Get-ChildItem -LiteralPath $work -Recurse -File -Filter '*.journal') | Should -Not -BeNullOrEmpty
        }
    }
}

Describe 'What the binder makes of piped rows and objects' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'Akool.TestHelpers.ps1')
        $root = Get-RepositoryRoot
        Import-Module (Join-Path $root 'out/Akool/Akool.psd1') -Force -ErrorAction Stop
        $work = Join-Path ([System.IO.Path]::GetTempPath()) ('akool-pester-binding-' + [guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory -Path $work | Out-Null
        # Speeches take a second to be spoken, so Save-AkoolSpeech has one to wait for.
        $emulator = Start-Emulator -RepositoryRoot $root -LogFolder $work -Option @('--queue-seconds', '0.2', '--processing-seconds', '0.8', '--quiet')
        Connect-Akool -BaseUri $emulator.Url -ApiKey 'emulator-secret-0123456789abcdef'
        function Get-EmulatorStat { Invoke-RestMethod -Uri ($emulator.Url + '/_emulator/stats') }
    }

    AfterAll {
        if (Get-Module -Name Akool) {
            Disconnect-Akool
            Remove-Module -Name Akool -Force
        }
        Stop-Emulator -Emulator $emulator
        if ($work -and (Test-Path -LiteralPath $work)) { Remove-Item -LiteralPath $work -Recurse -Force }
    }

    It 'a semicolon-separated file read with Import-Csv''s comma is one AkoolUnknownColumns error, and nothing is sent' {
        $csv = Join-Path $work 'semicolons.csv'
        @('Name;PhotoUrl;AudioUrl') + (1..30 | ForEach-Object { "clip$_;https://img.example.com/f$_.jpg;https://audio.example.com/v$_.mp3" }) | Set-Content -LiteralPath $csv
        $errors = @()
        $videos = @(Import-Csv -LiteralPath $csv | New-AkoolTalkingPhoto -ErrorVariable errors -ErrorAction SilentlyContinue)
        $videos | Should -HaveCount 0
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'AkoolUnknownColumns,Akool.Commands.NewAkoolTalkingPhotoCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $errors[0].Exception.Message | Should -Match ([regex]::Escape("-Delimiter ';'"))
        (Get-EmulatorStat).jobs | Should -Be 0
    }

    It 'videos piped into Save-AkoolVideo are saved without another status request, and a speech is waited for' {
        $csv = Join-Path $work 'jobs.csv'
        @('Name,talking_photo_url,audio_url') + (1..3 | ForEach-Object { "clip$_,https://img.example.com/f$_.jpg,https://audio.example.com/v$_.mp3" }) | Set-Content -LiteralPath $csv
        $videos = @(Import-Csv -LiteralPath $csv | New-AkoolTalkingPhoto | Wait-AkoolVideo -PollInterval 0.2)
        $videos | Should -HaveCount 3
        $reads = (Get-EmulatorStat).statusRequests
        $files = @($videos | Save-AkoolVideo -Destination (Join-Path $work 'videos'))
        $files | Should -HaveCount 3
        (Get-EmulatorStat).statusRequests | Should -Be $reads

        $speech = @(New-AkoolSpeech -Text 'Hello there.' -Voice Alice -Name hello | Save-AkoolSpeech -Destination (Join-Path $work 'speech'))
        $speech | Should -HaveCount 1
        $speech[0].Name | Should -Be 'hello.mp3'
    }
}
