using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Text;
using System.Threading.Tasks;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Scripts
{
    /// <summary>
    /// examples/jobs.csv and examples/runbook.ps1 against the emulator. The hosted engine has only the core
    /// cmdlets, so the few others the runbook calls (Import-Csv, Write-Output, and Azure Automation's
    /// Get-AutomationPSCredential) are stand-in functions; everything Akool is the real module.
    /// </summary>
    public sealed class ExampleTests
    {
        private static readonly string JobsCsv = Path.Combine(RepositoryPaths.Root, "examples", "jobs.csv");
        private static readonly string Runbook = Path.Combine(RepositoryPaths.Root, "examples", "runbook.ps1");

        private const string StandIns =
            "function global:Import-Csv { param([string] $Path) if ($Path -ne $expectedCsv) { throw \"unexpected CSV $Path\" }; $jobRows }\n" +
            "function global:Write-Output { param([Parameter(ValueFromPipeline = $true)] $InputObject) process { $InputObject } }\n";

        private const string AssetStandIn =
            "function global:Get-AutomationPSCredential { [CmdletBinding()] param([string] $Name) if ($Name -eq 'Akool') { $assetCredential } else { Write-Error \"no asset $Name\" } }\n";

        private const string RunRunbook =
            "try { & $runbook -CsvPath $expectedCsv -Destination ([System.IO.Path]::Combine($dir, 'videos')) } catch { 'THROWN: ' + $_.Exception.Message }";

        [Fact]
        public void JobsCsvHasTheDocumentedColumnsAndOneFailingRow()
        {
            List<PSObject> rows = ReadCsv(JobsCsv);
            string[] header = File.ReadLines(JobsCsv).First().Split(',');

            Assert.InRange(rows.Count, 6, 10);
            Assert.Equal(new[] { "Name", "talking_photo_url", "audio_url" }, header.Take(3));
            Assert.All(rows, r => Assert.StartsWith("https://", (string)r.Properties["talking_photo_url"].Value, StringComparison.Ordinal));
            Assert.All(rows, r => Assert.StartsWith("https://", (string)r.Properties["audio_url"].Value, StringComparison.Ordinal));
            Assert.Single(rows, r => ((string)r.Properties["talking_photo_url"].Value).Contains("akool-fail", StringComparison.Ordinal));
        }

        [Fact]
        public async Task TheDemoOneLinerSavesEveryRowButTheMarkedOne()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect();

            ScriptResult result = context.Run("$jobRows | New-AkoolTalkingPhoto | Wait-AkoolVideo -PollInterval 0.5 | Save-AkoolVideo -Destination out/demo",
                new() { ["jobRows"] = ReadCsv(JobsCsv).ToArray() });

            Assert.Null(result.TerminatingError);
            Assert.Equal(7, result.OutputOf<FileInfo>().Count);
            Assert.Equal("AkoolVideoFailed", Assert.Single(result.ErrorIds));
            Assert.Contains("onboarding 1_3.mp4", context.Videos("out/demo").Select(Path.GetFileName));
        }

        [Fact]
        public async Task RunbookWithACredentialAssetSavesTheBatchAndResumesWithoutResubmitting()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            string csv = Path.Combine(context.Folder, "jobs.csv");
            File.Copy(JobsCsv, csv);
            Dictionary<string, object?> variables = RunbookVariables(context, csv);
            variables["assetCredential"] = new PSCredential(context.Emulator.Options.ClientId, Secure(context.Emulator.Options.ClientSecret));
            string previousHost = Environment.GetEnvironmentVariable("AKOOL_API_HOST")!;
            Environment.SetEnvironmentVariable("AKOOL_API_HOST", context.Emulator.BaseUri.ToString());
            try
            {
                context.Run(StandIns + AssetStandIn);

                ScriptResult first = context.Run(RunRunbook, variables);
                ScriptResult second = context.Run(RunRunbook, variables);

                foreach (ScriptResult run in new[] { first, second })
                {
                    var lines = run.Output.Select(o => o.ToString()).ToList();
                    Assert.Contains("Connecting to Akool with the credential asset 'Akool' (client id emulator-client).", lines);
                    Assert.Contains("7 of 8 video(s) saved; 1 failure(s).", lines);
                    Assert.Contains(lines, l => l.StartsWith("FAILED [AkoolVideoFailed]", StringComparison.Ordinal));
                    Assert.Contains(lines, l => l.StartsWith("THROWN: 1 row(s) failed", StringComparison.Ordinal));
                    Assert.Equal(new[] { "AkoolVideoFailed" }, run.ErrorIds);
                }
                Assert.Equal(8, context.Emulator.CreateCount);
                Assert.Equal(7, context.Videos().Length);
                Assert.True(File.Exists(Path.Combine(context.Folder, "jobs.journal")));
                Assert.DoesNotContain(context.Emulator.Options.ClientSecret, first.AllText() + second.AllText(), StringComparison.Ordinal);
                Assert.Null(context.Run("Get-AkoolConnection -ErrorAction SilentlyContinue").Output.FirstOrDefault());
            }
            finally
            {
                Environment.SetEnvironmentVariable("AKOOL_API_HOST", previousHost);
                context.Run("Remove-Item function:Get-AutomationPSCredential, function:Import-Csv, function:Write-Output -ErrorAction SilentlyContinue");
            }
        }

        [Fact]
        public async Task RunbookWithoutAnAssetConnectsFromTheEnvironment()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            string csv = Path.Combine(context.Folder, "jobs.csv");
            File.Copy(JobsCsv, csv);
            var saved = new[] { "AKOOL_API_KEY", "AKOOL_API_HOST", "AKOOL_CLIENT_ID", "AKOOL_CLIENT_SECRET" }.ToDictionary(n => n, Environment.GetEnvironmentVariable);
            Environment.SetEnvironmentVariable("AKOOL_API_KEY", context.Emulator.Options.ApiKey);
            Environment.SetEnvironmentVariable("AKOOL_API_HOST", context.Emulator.BaseUri.ToString());
            Environment.SetEnvironmentVariable("AKOOL_CLIENT_ID", null);
            Environment.SetEnvironmentVariable("AKOOL_CLIENT_SECRET", null);
            try
            {
                context.Run(StandIns);

                ScriptResult run = context.Run(RunRunbook, RunbookVariables(context, csv));

                var lines = run.Output.Select(o => o.ToString()).ToList();
                Assert.Contains("Connecting to Akool with the AKOOL_* environment variables.", lines);
                Assert.Contains("7 of 8 video(s) saved; 1 failure(s).", lines);
                Assert.Equal(7, context.Videos().Length);
            }
            finally
            {
                foreach (var pair in saved) Environment.SetEnvironmentVariable(pair.Key, pair.Value);
                context.Run("Remove-Item function:Import-Csv, function:Write-Output -ErrorAction SilentlyContinue");
            }
        }

        private static Dictionary<string, object?> RunbookVariables(ModuleTestContext context, string csv) => new()
        {
            ["runbook"] = Runbook,
            ["expectedCsv"] = csv,
            ["jobRows"] = ReadCsv(csv).ToArray(),
        };

        private static SecureString Secure(string text)
        {
            var secure = new SecureString();
            foreach (char c in text) secure.AppendChar(c);
            secure.MakeReadOnly();
            return secure;
        }

        /// <summary>What Import-Csv makes of a file: one object per row, every column a string property.</summary>
        internal static List<PSObject> ReadCsv(string path)
        {
            List<string[]> records = File.ReadAllLines(path).Where(l => l.Length > 0).Select(SplitCsvLine).ToList();
            string[] header = records[0];
            return records.Skip(1).Select(fields =>
            {
                var row = new PSObject();
                for (int i = 0; i < header.Length; i++) row.Properties.Add(new PSNoteProperty(header[i], i < fields.Length ? fields[i] : null));
                return row;
            }).ToList();
        }

        private static string[] SplitCsvLine(string line)
        {
            var fields = new List<string>();
            var field = new StringBuilder();
            bool quoted = false;
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') { quoted = !quoted; }
                else if (c == ',' && !quoted) { fields.Add(field.ToString()); field.Clear(); }
                else { field.Append(c); }
            }
            fields.Add(field.ToString());
            return fields.ToArray();
        }
    }
}
