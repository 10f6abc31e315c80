using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Docs
{
    /// <summary>about_Akool is found by Get-Help in the module as staged, and covers what users look it up for.</summary>
    public sealed class AboutTopicTests
    {
        private static string AboutText()
        {
            using PowerShellSession shell = PowerShellSession.Start();
            ScriptResult result = shell.Run("Get-Help about_Akool");
            Assert.Empty(result.Errors);
            return string.Join("\n", result.Output.Select(o => o.ToString()));
        }

        [Fact]
        public void GetHelpAboutAkoolReturnsTheTopic()
        {
            string text = AboutText();

            Assert.Contains("SHORT DESCRIPTION", text, StringComparison.Ordinal);
            Assert.Contains("LONG DESCRIPTION", text, StringComparison.Ordinal);
            Assert.Contains("Import-Csv jobs.csv | New-AkoolTalkingPhoto | Wait-AkoolVideo", text, StringComparison.Ordinal);
            Assert.DoesNotContain("(Written in full with the help pages.)", text, StringComparison.Ordinal);
        }

        [Fact]
        public void EveryErrorIdIsExplained()
        {
            string text = AboutText();
            var ids = typeof(AkoolVideo).Assembly.GetType("Akool.Errors.ErrorIds", throwOnError: true)!
                .GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral)
                .Select(f => (string)f.GetRawConstantValue()!)
                .ToList();

            Assert.True(ids.Count >= 25, "ErrorIds looks empty");
            var missing = ids.Where(id => !Regex.IsMatch(text, @"(?m)^\s+" + Regex.Escape(id) + @"\s*$")).ToList();
            Assert.True(missing.Count == 0, "about_Akool does not explain (as an indented heading line under ERRORS): " + string.Join(", ", missing));
        }

        [Fact]
        public void ConnectingCoversEveryWayIn()
        {
            string text = AboutText();
            foreach (string expected in new[]
            {
                "-ApiKey", "-ClientId", "-ClientSecret", "-Credential", "-Token", "-Connection", "process-wide",
                "AKOOL_API_KEY", "AKOOL_CLIENT_ID", "AKOOL_CLIENT_SECRET", "AKOOL_API_HOST",
                "-JournalPath", "-Force", "-SkipExisting", "Export-Csv", "-PollInterval", "-Timeout", "-ThrottleLimit",
                ".akool-partial", "Get-AutomationPSCredential", "ConvertFrom-AkoolWebhook", "Windows PowerShell 5.1",
                "talking_photo_url", "audio_url", "webhook_url", "akool-fail",
            })
            {
                Assert.Contains(expected, text, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void TheTopicReadsAsPlainText()
        {
            // It is staged as about_Akool.help.txt and shown as is: no fenced code, tables or long lines.
            string[] lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "docs", "en-US", "about_Akool.md"));
            Assert.DoesNotContain(lines, l => l.StartsWith("```", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("|", StringComparison.Ordinal));
            var longLines = lines.Select((l, i) => (Line: l, Number: i + 1)).Where(x => x.Line.Length > 100).Select(x => x.Number).ToList();
            Assert.True(longLines.Count == 0, "Lines longer than 100 characters: " + string.Join(", ", longLines));
        }
    }
}
