using System;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Errors
{
    /// <summary>
    /// The advice reaches users wherever they read an error: Windows PowerShell and NormalView never show
    /// RecommendedAction, and runbooks log <c>$_.Exception.Message</c>; ConciseView says it once.
    /// </summary>
    public sealed class AdviceShownTests
    {
        // The error caught, then its message as a runbook logs it, and the error as each view prints it on the host.
        private const string Views =
            "try { {0} -ErrorAction Stop } catch { $err = $_ }\n" +
            "$err.Exception.Message\n" +
            "$ErrorView = 'NormalView'; $err | Out-Default; '=====' | Out-Default\n" +
            "$ErrorView = 'ConciseView'; $err | Out-Default\n";

        [Theory]
        [InlineData("not connected", "Get-AkoolVideo -Id 0123456789abcdef01234567", "AkoolNotConnected", "Run Connect-Akool first")]
        [InlineData("1104", "$rows | New-AkoolTalkingPhoto", "AkoolQuotaExceeded", "Add credit or a subscription")]
        [InlineData("not found", "Get-AkoolVideo -Id 0123456789abcdef01234567", "AkoolVideoNotFound", "Akool keeps results for 7 days")]
        public async Task TheAdviceIsInTheExceptionMessageAndNormalViewAndSaidOnceInConciseView(string error, string command, string id, string advice)
        {
            var host = new TextCaptureHost();
            await using ModuleTestContext context = await ModuleTestContext.StartAsync(o => o.InitialCredit = 0, host);
            if (error != "not connected") context.Connect("-MaximumRetryCount 0");

            ScriptResult result = context.Run(ModuleTestContext.Rows(1) + Views.Replace("{0}", command, StringComparison.Ordinal) + "$err");

            System.Management.Automation.ErrorRecord record = Assert.IsType<System.Management.Automation.ErrorRecord>(result.Output[^1].BaseObject);
            Assert.Equal(id, record.FullyQualifiedErrorId.Split(',')[0]);
            Assert.True(string.IsNullOrEmpty(record.ErrorDetails.RecommendedAction), "RecommendedAction would repeat the advice in ConciseView");
            Assert.Contains(advice, result.Output[0].ToString(), StringComparison.Ordinal);
            // The views wrap at the host's width: compared with the line breaks and indents taken out.
            string[] views = host.Text.Split("=====").Select(v => Regex.Replace(v, @"\s*\n\s*", " ")).ToArray();
            Assert.Contains(advice, views[0], StringComparison.Ordinal);
            Assert.Single(Regex.Matches(views[1], Regex.Escape(advice)));
        }
    }
}
