using System;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Threading.Tasks;
using Akool.Errors;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Errors
{
    /// <summary>The error ids are public contract; their constants read as their values, and each error says its advice once.</summary>
    public sealed class ErrorContractTests
    {
        [Fact]
        public void EveryErrorIdConstantIsNamedAsItsValue()
        {
            FieldInfo[] ids = typeof(AkoolVideo).Assembly.GetType("Akool.Errors.ErrorIds", throwOnError: true)!
                .GetFields(BindingFlags.Public | BindingFlags.Static | BindingFlags.NonPublic)
                .Where(f => f.IsLiteral).ToArray();
            Assert.NotEmpty(ids);
            Assert.All(ids, f => Assert.Equal("Akool" + f.Name, (string)f.GetRawConstantValue()!));
        }

        [Fact]
        public async Task ADownloadFailingAfterItsRetriesIsReportedWithItsCausesCategory()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Connect("-MaximumRetryCount 1 -RetryInterval 0.01");
            context.Emulator.Faults.CutDownload = Akool.Emulator.FaultRule.Always(Akool.Emulator.EmulatorEndpoints.Download);

            ScriptResult result = context.Run(ModuleTestContext.Rows(1) + "$rows | New-AkoolTalkingPhoto | Wait-AkoolVideo | Save-AkoolVideo -Destination ./videos");

            Assert.Equal(new[] { "AkoolDownloadFailed" }, result.ErrorIds);
            Assert.Equal(ErrorCategory.ResourceUnavailable, result.Errors[0].CategoryInfo.Category);
            Assert.Empty(context.Videos());
        }

        [Theory]
        [InlineData("timeout", "AkoolDownloadFailed", ErrorCategory.OperationTimeout)]
        [InlineData("network", "AkoolDownloadFailed", ErrorCategory.ResourceUnavailable)]
        [InlineData("cut", "AkoolDownloadFailed", ErrorCategory.ResourceUnavailable)]
        [InlineData("disk full", "AkoolDownloadFailed", ErrorCategory.WriteError)]
        [InlineData("denied", "AkoolDownloadFailed", ErrorCategory.WriteError)]
        [InlineData("expired", "AkoolVideoExpired", ErrorCategory.ResourceUnavailable)]
        [InlineData("throttled", "AkoolThrottled", ErrorCategory.LimitsExceeded)]
        [InlineData("webhook", "AkoolWebhookStale", ErrorCategory.SecurityError)]
        public void EveryCauseHasItsIdAndCategoryNeverNotSpecified(string cause, string id, ErrorCategory category)
        {
            Exception exception = cause switch
            {
                "timeout" => new TimeoutException("the transfer stalled"),
                "network" => new System.Net.Http.HttpRequestException("the server answered HTTP 503"),
                "cut" => new System.IO.IOException("the server sent 10 of 20 bytes"),
                "disk full" => new System.IO.IOException("No space left on device", 28),
                "denied" => new UnauthorizedAccessException("Access denied"),
                "expired" => new Akool.Client.AkoolApiException(Akool.Client.AkoolErrorKind.Expired, "gone"),
                "throttled" => new Akool.Client.AkoolApiException(Akool.Client.AkoolErrorKind.Throttled, "slow down"),
                _ => new Akool.Webhooks.WebhookVerificationException(Akool.Webhooks.WebhookFailure.Stale, "old"),
            };

            ErrorRecord record = ErrorClassifier.From(exception, "Video 1", null);

            Assert.Equal(id, record.FullyQualifiedErrorId);
            Assert.Equal(category, record.CategoryInfo.Category);
            // The advice follows the cause, in the message users see and the one runbooks log.
            Assert.StartsWith("Video 1: " + exception.Message.TrimEnd('.') + ". ", record.ErrorDetails.Message, StringComparison.Ordinal);
            Assert.True(record.ErrorDetails.Message.Length > ("Video 1: " + exception.Message).Length + 2, "no advice");
            Assert.Equal(record.ErrorDetails.Message, record.Exception.Message);
            ScriptResult.AdviceSaidOnce(record);
        }

        [Fact]
        public async Task ErrorsSayWhatHappenedThenWhatToDoOnceInTheMessage()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            ScriptResult notConnected = context.Run("Get-AkoolCredit");
            context.Run("Connect-Akool -BaseUri $baseUri -ApiKey $apiKey -RetryInterval 0.01 -MaximumRetryCount 1\n");
            ScriptResult badRow = context.Run("[pscustomobject]@{ talking_photo_url = 'ftp://x/y.jpg'; audio_url = 'https://a.example.com/a.mp3' } | New-AkoolTalkingPhoto");
            ScriptResult badId = context.Run("Get-AkoolVideo -Id 'no pe'");
            ScriptResult missing = context.Run("Get-AkoolVideo -Id 0123456789abcdef01234567");

            foreach (ScriptResult result in new[] { notConnected, badRow, badId, missing })
            {
                ErrorRecord error = Assert.Single(result.Errors);
                Assert.False(string.IsNullOrEmpty(error.ErrorDetails.Message));
                ScriptResult.AdviceSaidOnce(error);
            }
            Assert.Equal(new[] { "AkoolNotConnected", "AkoolInvalidInput", "AkoolInvalidInput", "AkoolVideoNotFound" },
                new[] { notConnected, badRow, badId, missing }.Select(r => r.ErrorIds.Single()));
            Assert.Contains("Connect-Akool", notConnected.Errors[0].ErrorDetails.Message, StringComparison.Ordinal);
            Assert.Equal(ErrorCategory.ObjectNotFound, missing.Errors[0].CategoryInfo.Category);
        }
    }
}
