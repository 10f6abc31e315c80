using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Akool.Tests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace Akool.Tests.Module
{
    /// <summary>
    /// Every view of the module as a terminal of 80 and of 120 columns shows it: each table's header on one line,
    /// every line within the width, the ids users copy whole, and of each URL its whole or its end (the file).
    /// </summary>
    public sealed class ViewTests
    {
        private readonly ITestOutputHelper _output;

        public ViewTests(ITestOutputHelper output) => _output = output;

        // An Akool-like CDN address: longer than any table leaves room for at 80 columns.
        private const string CdnUrl = "https://d2qf6ukcym4kn9.cloudfront.net/1711004484929-0123456789abcdef01234567.mp4";

        [Theory]
        [InlineData(80)]
        [InlineData(120)]
        public async Task EveryViewFitsTheConsole(int width)
        {
            var host = new TextCaptureHost();
            await using ModuleTestContext context = await ModuleTestContext.StartAsync(host: host);
            context.Connect("-ClientId $clientId");
            ScriptResult made = context.Run(
                "$voices = (Get-AkoolVoice)[0..2]; $credit = Get-AkoolCredit\n" +
                "$speech = New-AkoolSpeech -Text 'Hello there.' -Voice Alice -Name hello -Wait\n" +
                ModuleTestContext.Rows(2) + "$videos = $rows | New-AkoolTalkingPhoto | Wait-AkoolVideo -PollInterval 0.2\n" +
                "$files = $videos | Save-AkoolVideo -Destination ./videos\n" +
                "$speech; $videos; $voices");
            Assert.Empty(made.Errors);
            var speech = made.OutputOf<AkoolSpeech>().Single();
            var videos = made.OutputOf<AkoolVideo>();
            var hook = new AkoolWebhookEvent("0123456789abcdef01234567", AkoolVideoStatus.Completed, "talking photo", CdnUrl, 30, DateTimeOffset.UtcNow, "n");
            host.Width = width;

            string Render(string script)
            {
                host.Clear();
                ScriptResult shown = context.Run(script + " | Out-Default", new() { ["hook"] = hook });
                Assert.Empty(shown.Errors);
                string text = host.Text;
                _output.WriteLine(text);
                Assert.All(text.Split('\n'), line => Assert.True(line.Length < width, $"wider than {width} columns: '{line}'"));
                return text;
            }

            // One object: a list, each value whole (the table view, for Format-Table, is rendered in the Pester suite: the hosted engine has no Format-*).
            string connection = Render("Get-AkoolConnection");
            Assert.Matches(@"(?m)^AuthenticationMode\s+: ApiKey\s*$", connection);
            Assert.Matches(@"(?m)^ClientId\s+: " + context.Emulator.Options.ClientId + @"\s*$", connection);
            Assert.Matches(@"(?m)^ConnectedAt\s+: \S.*\d\s*$", connection);

            string credit = Render("$credit");
            HasHeader(credit, "Credit", "BaseUri", "RetrievedAt");

            // The VoiceId, what -Voice takes, is whole at any width; the column says what it shows.
            string voices = Render("$voices");
            HasHeader(voices, "Name", "VoiceId", "Locale", "Gender", "Tags");
            foreach (AkoolVoice voice in made.OutputOf<AkoolVoice>()) Assert.Contains(voice.Locale!, RowOf(voices, voice.VoiceId));

            string speechTable = Render("$speech");
            HasHeader(speechTable, "Id", "Status", "Name", "Url");
            UrlShown(RowOf(speechTable, speech.Id), speech.Url!);
            // The voice by the name it was asked for (what the list view shows), its voice_id beside it.
            Assert.Equal("Alice", speech.Voice);
            Assert.Equal(made.OutputOf<AkoolVoice>().Single(v => v.Name == "Alice").VoiceId, speech.VoiceId);

            // At 80 columns a video's URL has no room left and its column is left out, rather than shown as "http…".
            string videoTable = Render("$videos");
            HasHeader(videoTable, width < 100 ? new[] { "Id", "Status", "Name", "CreatedAt" } : new[] { "Id", "Status", "Name", "CreatedAt", "VideoUrl" });
            foreach (AkoolVideo video in videos)
            {
                string row = RowOf(videoTable, video.Id);
                if (width >= 100) UrlShown(row, video.VideoUrl!);
            }

            string hookTable = Render("$hook");
            HasHeader(hookTable, "Id", "Status", "Timestamp", "Url");
            UrlShown(RowOf(hookTable, hook.Id), CdnUrl);

            // What the one-liner ends with: the saved files as Get-Item shows them, under their folder.
            string files = Render("$files");
            Assert.Contains(files.Split('\n'), l => l.Trim() == "Directory: " + Path.Combine(context.Folder, "videos"));
            HasHeader(files, RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
                ? new[] { "Mode", "LastWriteTime", "Length", "Name" }
                : new[] { "UnixMode", "User", "Group", "LastWriteTime", "Size", "Name" });
            foreach (string name in new[] { "clip001.mp4", "clip002.mp4" })
            {
                string row = RowOf(files, name);
                Assert.Contains(new FileInfo(Path.Combine(context.Folder, "videos", name)).Length.ToString(System.Globalization.CultureInfo.InvariantCulture), row, StringComparison.Ordinal);
            }
        }

        /// <summary>The table's header is on one line (not wrapped), with exactly these columns.</summary>
        private static void HasHeader(string text, params string[] columns) =>
            Assert.Contains(text.Split('\n'), line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).SequenceEqual(columns));

        /// <summary>The one row that shows <paramref name="key"/> whole, as a word of its own.</summary>
        private static string RowOf(string text, string key) =>
            Assert.Single(text.Split('\n'), line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(key));

        /// <summary>The row ends with the whole URL, or with its last part (at least the file's last 12 characters) after "...".</summary>
        private static void UrlShown(string row, string url)
        {
            string shown = row.TrimEnd().Split(' ').Last();
            Assert.DoesNotContain("…", shown);
            if (shown != url)
            {
                Assert.StartsWith("...", shown);
                Assert.True(shown.Length >= 15 && url.EndsWith(shown.Substring(3), StringComparison.Ordinal), $"'{shown}' is not the end of {url}");
            }
        }
    }
}
