using System;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Module
{
    /// <summary>What a user sees in the shell: each output type renders as a readable table, ids never truncated.</summary>
    public sealed class FormattingTests
    {
        [Fact]
        public async Task VideosRenderAsATableWithWholeIds()
        {
            var host = new TextCaptureHost();
            await using ModuleTestContext context = await ModuleTestContext.StartAsync(host: host);
            context.Connect();

            ScriptResult result = context.Run(ModuleTestContext.Rows(3, 2) + "$rows | New-AkoolTalkingPhoto | Wait-AkoolVideo -PollInterval 0.2 -ErrorAction SilentlyContinue | Out-Default");

            string text = host.Text;
            string header = text.Split('\n').First(l => l.TrimStart().StartsWith("Id", StringComparison.Ordinal));
            Assert.Equal(new[] { "Id", "Status", "Name", "CreatedAt", "VideoUrl" }, header.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            foreach (var job in context.Emulator.Jobs.Where(j => !j.Fails)) Assert.Contains(job.Id, text);
            Assert.Contains("clip001", text);
            Assert.Contains("Completed", text);
        }

        [Fact]
        public async Task AFailedVideoIsMarked()
        {
            var host = new TextCaptureHost();
            await using ModuleTestContext context = await ModuleTestContext.StartAsync(host: host);
            context.Connect();
            var video = context.Run(ModuleTestContext.Rows(1, 1) + "$rows | New-AkoolTalkingPhoto").OutputOf<AkoolVideo>().Single();
            context.Emulator.Clock.Advance(TimeSpan.FromMinutes(1));

            context.Run("Get-AkoolVideo -Id $id | Out-Default", new() { ["id"] = video.Id });

            Assert.Contains("! Failed", host.Text);
        }

        [Fact]
        public async Task ConnectionRendersAsAListCreditAndWebhookEventAsTables()
        {
            var host = new TextCaptureHost();
            await using ModuleTestContext context = await ModuleTestContext.StartAsync(host: host);
            var webhookEvent = (AkoolWebhookEvent)Activator.CreateInstance(typeof(AkoolWebhookEvent), BindingFlags.Instance | BindingFlags.NonPublic, null,
                CtorArguments(), null)!;

            context.Run("Connect-Akool -BaseUri $baseUri -ApiKey $apiKey -ClientId $clientId -PassThru | Out-Default; Get-AkoolCredit | Out-Default; $event | Out-Default",
                new() { ["event"] = webhookEvent });

            string[] lines = host.Text.Split('\n');
            Assert.Contains(lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).SequenceEqual(new[] { "AuthenticationMode", ":", "ApiKey" }));
            Assert.Contains(lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).SequenceEqual(new[] { "Credit", "BaseUri", "RetrievedAt" }));
            Assert.Contains(lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).SequenceEqual(new[] { "Id", "Status", "Timestamp", "Url" }));
            Assert.Contains("0123456789abcdef01234567", host.Text);
            Assert.DoesNotContain(context.Emulator.Options.ApiKey, host.Text);
        }

        // The event's constructor is internal (events come only from verified callbacks); a test may make one.
        private static object?[] CtorArguments()
        {
            ConstructorInfo ctor = typeof(AkoolWebhookEvent).GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic).Single();
            return ctor.GetParameters().Select(p => p.ParameterType == typeof(string) ? (object?)(p.Name == "id" ? "0123456789abcdef01234567" : "x")
                : p.ParameterType == typeof(AkoolVideoStatus) ? AkoolVideoStatus.Completed
                : p.ParameterType == typeof(DateTimeOffset) ? DateTimeOffset.UtcNow
                : null).ToArray();
        }
    }
}
