using System;
using System.IO;
using System.Linq;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Scripts
{
    /// <summary>
    /// README's demo command, `pwsh ./build.ps1 -Task Demo`, run for real on a copy of the repository: the real
    /// dotnet build, the real emulator process, the real module. pwsh is not available here, so the script runs in
    /// the hosted engine, where only the core cmdlets exist; the few file and process cmdlets it also uses are
    /// given as thin stand-ins over .NET (each does just what build.ps1 asks of it).
    /// </summary>
    public sealed class DemoTests : IDisposable
    {
        private const string StandIns = @"
function global:Join-Path { param([string] $Path, [string] $ChildPath) [IO.Path]::Combine($Path, $ChildPath) }
function global:Test-Path { param([string] $LiteralPath) [IO.File]::Exists($LiteralPath) -or [IO.Directory]::Exists($LiteralPath) }
function global:Remove-Item { param([string] $LiteralPath, [switch] $Recurse, [switch] $Force) [IO.Directory]::Delete($LiteralPath, $true) }
function global:New-Item { param([string] $ItemType, [string] $Path) [IO.Directory]::CreateDirectory($Path) }
function global:Push-Location { param([string] $LiteralPath) $ExecutionContext.SessionState.Path.PushCurrentLocation('demo'); $null = $ExecutionContext.SessionState.Path.SetLocation($LiteralPath) }
function global:Pop-Location { $null = $ExecutionContext.SessionState.Path.PopLocation('demo') }
function global:Start-Sleep { param([int] $Milliseconds) [Threading.Thread]::Sleep($Milliseconds) }
function global:Write-Host { param([Parameter(ValueFromRemainingArguments = $true)] $Object) $global:hostLines.Add(""$Object"") }
function global:Format-Table { param([Parameter(ValueFromPipeline = $true)] $InputObject, $Property, [switch] $AutoSize) process { $global:tableRows.Add($InputObject) } }
function global:Out-Host { process { } }
function global:Start-Process {
    param([string] $FilePath, [string[]] $ArgumentList, [switch] $PassThru, [switch] $NoNewWindow, [string] $RedirectStandardOutput)
    $info = [Diagnostics.ProcessStartInfo]::new($FilePath, ($ArgumentList -join ' '))
    $info.UseShellExecute = $false
    $info.RedirectStandardOutput = $true
    $process = [Diagnostics.Process]::Start($info)
    $process.BeginOutputReadLine()  # drained, so a chatty emulator never blocks on a full pipe
    $global:emulatorProcess = $process
    $process
}
function global:Stop-Process { param([int] $Id, [switch] $Force) [Diagnostics.Process]::GetProcessById($Id).Kill($true) }
function global:Import-Csv {
    param([string] $Path)
    $parser = [Microsoft.VisualBasic.FileIO.TextFieldParser]::new($Path)
    $parser.SetDelimiters(',')
    $parser.HasFieldsEnclosedInQuotes = $true
    $header = $parser.ReadFields()
    while (-not $parser.EndOfData) {
        $fields = $parser.ReadFields()
        $row = [ordered]@{}
        for ($i = 0; $i -lt $header.Count; $i++) { $row[$header[$i]] = $fields[$i] }
        [pscustomobject]$row
    }
    $parser.Dispose()
}
$global:hostLines = [Collections.Generic.List[string]]::new()
$global:tableRows = [Collections.Generic.List[object]]::new()
";

        private readonly string _copy = Path.Combine(Path.GetTempPath(), "akool-demo-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            try
            {
                Directory.Delete(_copy, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        [Fact]
        public void TheDemoBuildsStartsTheEmulatorAndSavesAFolderOfVideos()
        {
            CopyRepository(RepositoryPaths.Root, _copy);
            using PowerShellSession shell = PowerShellSession.Start(_copy);

            ScriptResult result = shell.Run(StandIns + "& ./build.ps1 -Task Demo\n$global:hostLines\n$global:emulatorProcess.HasExited");

            Assert.Null(result.TerminatingError);
            string[] videos = Directory.GetFiles(Path.Combine(_copy, "out", "demo"), "*.mp4").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray()!;
            Assert.Equal(new[] { "onboarding 1_3.mp4", "onboarding 2_3.mp4", "pricing.mp4", "product-tour.mp4", "support-hours.mp4", "thank-you.mp4", "welcome.mp4" }, videos);
            Assert.All(videos, v => Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(Path.Combine(_copy, "out", "demo", v)), 4, 4)));
            var lines = result.Output.Select(o => o?.ToString() ?? string.Empty).ToList();
            Assert.Contains(lines, l => l.StartsWith("AkoolVideoFailed:", StringComparison.Ordinal) && l.Contains("broken-photo", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("7 video(s) saved", StringComparison.Ordinal) && l.EndsWith("1 error(s).", StringComparison.Ordinal));
            Assert.Equal("True", lines.Last());
        }

        private static void CopyRepository(string from, string to)
        {
            foreach (string directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            {
                if (IsGenerated(from, directory)) continue;
                Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
            }
            Directory.CreateDirectory(to);
            foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            {
                if (IsGenerated(from, file)) continue;
                File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
            }
        }

        // What the build makes (and git does not track): a fresh clone has none of it.
        private static bool IsGenerated(string root, string path) =>
            Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "out" or ".git" or "TestResults");
    }
}
