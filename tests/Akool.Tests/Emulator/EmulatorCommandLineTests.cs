using System;
using System.Net.Http;
using System.Threading.Tasks;
using Akool.Emulator;
using Xunit;
using static Akool.Tests.Emulator.EmulatorTestKit;

namespace Akool.Tests.Emulator
{
    /// <summary>The command line's options, and the banner that tells a user how to connect.</summary>
    public sealed class EmulatorCommandLineTests
    {
        [Fact]
        public void OptionsAreParsed()
        {
            EmulatorCommandLine command = EmulatorCommandLine.Parse(new[]
            {
                "--urls", "http://127.0.0.1:0", "--api-key", "k", "--client-id", "c", "--client-secret=0123456789abcdef",
                "--queue-seconds", "1.5", "--processing-seconds", "3", "--credit", "50", "--video-size", "1048576",
                "--seed", "7", "--fault", "503=0.25", "--latency-ms", "10", "--quiet",
                "--speech-character-limit", "100", "--credit-per-thousand-characters=2.5",
            });

            Assert.False(command.ShowHelp);
            Assert.Equal("http://127.0.0.1:0", command.Url);
            Assert.Equal("k", command.Options.ApiKey);
            Assert.Equal("c", command.Options.ClientId);
            Assert.Equal("0123456789abcdef", command.Options.ClientSecret);
            Assert.Equal(TimeSpan.FromSeconds(1.5), command.Options.QueueTime);
            Assert.Equal(TimeSpan.FromSeconds(3), command.Options.ProcessingTime);
            Assert.Equal(50m, command.Options.InitialCredit);
            Assert.Equal(1048576, command.Options.VideoSize);
            Assert.Equal(7, command.Options.Seed);
            Assert.Equal(0.25, command.Options.Faults.Http503.Rate);
            Assert.Equal(TimeSpan.FromMilliseconds(10), command.Options.Faults.Latency);
            Assert.Null(command.Options.RequestLog);
            Assert.Equal(100, command.Options.SpeechCharacterLimit);
            Assert.Equal(2.5m, command.Options.CreditPerThousandCharacters);
        }

        [Fact]
        public void HelpAndMistakes()
        {
            Assert.True(EmulatorCommandLine.Parse(new[] { "--help" }).ShowHelp);
            Assert.Contains("--processing-seconds", EmulatorCommandLine.Help);
            Assert.Contains("Unknown option", Assert.Throws<ArgumentException>(() => EmulatorCommandLine.Parse(new[] { "--bogus" })).Message);
            Assert.Throws<ArgumentException>(() => EmulatorCommandLine.Parse(new[] { "--credit" }));
            Assert.Throws<ArgumentException>(() => EmulatorCommandLine.Parse(new[] { "--credit", "lots" }));
        }

        [Fact]
        public async Task TheBannerNamesTheAddressAndTheConnectCommand()
        {
            EmulatorCommandLine command = EmulatorCommandLine.Parse(new[] { "--urls", "http://127.0.0.1:0", "--quiet" });
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync(command.Options, command.Url);
            string banner = command.Banner(emulator);
            string baseUri = emulator.BaseUri.AbsoluteUri.TrimEnd('/');

            Assert.Contains("Connect-Akool -BaseUri " + baseUri + " -ApiKey " + emulator.Options.ApiKey, banner);
            Assert.Contains(emulator.Options.ClientId, banner);
            using HttpClient http = HttpFor(emulator);
            Assert.Equal(1000, Code(await CallAsync(http, HttpMethod.Get, CreditPath, apiKey: emulator.Options.ApiKey)));
        }
    }
}
