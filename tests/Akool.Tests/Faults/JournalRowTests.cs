using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Akool.Emulator;
using Akool.Tests.Harness;
using Newtonsoft.Json.Linq;
using Xunit;

namespace Akool.Tests.Faults
{
    /// <summary>
    /// Each journal line records the row it is about. Workers get an immutable work item with the row's own
    /// number; they once read the cmdlet's row counter, which had moved on by the time a create answered.
    /// </summary>
    public sealed class JournalRowTests
    {
        [Fact]
        public async Task ATwentyRowBatchWithFailuresAndRetriesJournalsEachRowsOwnNumber()
        {
            await using ModuleTestContext context = await ModuleTestContext.StartAsync();
            context.Run("Connect-Akool -BaseUri $baseUri -ApiKey $apiKey -MaximumRetryCount 8 -RetryInterval 0.01 -RequestTimeout 5\n");
            EmulatorFaults faults = context.Emulator.Faults;
            faults.Latency = TimeSpan.FromMilliseconds(30);
            faults.Code1005 = new FaultRule(0.3, EmulatorEndpoints.Create);       // retried: the row's lines come late
            faults.DropConnection = new FaultRule(0.15, EmulatorEndpoints.Create); // outcome unknown: journaled Unknown

            ScriptResult result = context.Run(ModuleTestContext.Rows(20) + "$rows | New-AkoolTalkingPhoto -JournalPath ./batch.journal -ThrottleLimit 4");

            Assert.Equal(20, result.Output.Count + result.Errors.Count);
            JObject[] lines = File.ReadAllLines(Path.Combine(context.Folder, "batch.journal")).Skip(1)
                .Where(l => l.Length > 0).Select(JObject.Parse).ToArray();
            Assert.Equal(20, lines.Count(l => (string?)l["state"] == "Submitting"));
            Assert.Equal(20, lines.Count(l => (string?)l["state"] != "Submitting"));
            foreach (JObject line in lines)
            {
                string audio = (string)line["audio_url"]!;
                int ownRow = int.Parse(audio.Split("voice")[1].Split('.')[0], CultureInfo.InvariantCulture);
                Assert.True(ownRow == (int)line["row"]!, $"line {line} records row {line["row"]}, but it is about row {ownRow}");
                Assert.Equal($"clip{ownRow:000}", (string?)line["name"]);
            }
        }
    }
}
