using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Akool.Emulator;

namespace Akool.Tests.Harness
{
    /// <summary>
    /// One emulator on 127.0.0.1 (port 0), one runspace with the staged module imported, and one scratch folder.
    /// Scripts get $baseUri, $apiKey, $clientId, $clientSecret and $dir set.
    /// </summary>
    public sealed class ModuleTestContext : IAsyncDisposable
    {
        private ModuleTestContext(AkoolEmulator emulator, PowerShellSession shell, string folder)
        {
            Emulator = emulator;
            Shell = shell;
            Folder = folder;
        }

        public AkoolEmulator Emulator { get; }

        public PowerShellSession Shell { get; }

        /// <summary>A fresh scratch folder, removed at the end.</summary>
        public string Folder { get; }

        /// <summary>Starts an emulator with fast jobs (and whatever <paramref name="configure"/> changes) and a session.</summary>
        public static async Task<ModuleTestContext> StartAsync(Action<EmulatorOptions>? configure = null, System.Management.Automation.Host.PSHost? host = null, string url = "http://127.0.0.1:0")
        {
            var options = new EmulatorOptions
            {
                QueueTime = TimeSpan.FromMilliseconds(20),
                ProcessingTime = TimeSpan.FromMilliseconds(80),
                Seed = 12345,
            };
            configure?.Invoke(options);
            AkoolEmulator emulator = await AkoolEmulator.StartAsync(options, url);
            string folder = Path.Combine(Path.GetTempPath(), "akool-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            return new ModuleTestContext(emulator, PowerShellSession.Start(folder, host), folder);
        }

        /// <summary>The variables every script gets.</summary>
        public Dictionary<string, object?> Variables(Dictionary<string, object?>? extra = null)
        {
            var variables = new Dictionary<string, object?>
            {
                ["baseUri"] = Emulator.BaseUri.ToString(),
                ["apiKey"] = Emulator.Options.ApiKey,
                ["clientId"] = Emulator.Options.ClientId,
                ["clientSecret"] = Emulator.Options.ClientSecret,
                ["dir"] = Folder,
            };
            if (extra != null) foreach (var pair in extra) variables[pair.Key] = pair.Value;
            return variables;
        }

        public ScriptResult Run(string script, Dictionary<string, object?>? extra = null) => Shell.Run(script, Variables(extra));

        public RunningScript Begin(string script, Dictionary<string, object?>? extra = null) => Shell.Begin(script, Variables(extra));

        /// <summary>Connects with the API key; the default way in every test that is not about authentication.</summary>
        public void Connect(string extraParameters = "")
        {
            ScriptResult result = Run("Connect-Akool -BaseUri $baseUri -ApiKey $apiKey " + extraParameters);
            if (result.Errors.Count > 0) throw new InvalidOperationException("Connect-Akool failed: " + result.Errors[0]);
        }

        /// <summary>
        /// PowerShell that sets $rows to <paramref name="count"/> [pscustomobject] rows, as Import-Csv would make them
        /// from a CSV with Akool's column names; rows whose number is in <paramref name="failing"/> carry the fail marker.
        /// </summary>
        public static string Rows(int count, params int[] failing) => Rows(count, failing, Array.Empty<int>());

        /// <summary>As <see cref="Rows(int, int[])"/>, with rows in <paramref name="expired"/> whose result URL answers 404.</summary>
        public static string Rows(int count, int[] failing, int[] expired) =>
            "$failing = @(" + string.Join(",", failing.DefaultIfEmpty(-1)) + "); $expired = @(" + string.Join(",", expired.DefaultIfEmpty(-1)) + ")\n" +
            "$rows = 1.." + count + " | ForEach-Object { [pscustomobject]@{ " +
            "Name = ('clip{0:000}' -f $_); " +
            "talking_photo_url = $(if ($failing -contains $_) { \"https://img.example.com/akool-fail/face$_.jpg\" } elseif ($expired -contains $_) { \"https://img.example.com/akool-expired/face$_.jpg\" } else { \"https://img.example.com/face$_.jpg\" }); " +
            "audio_url = \"https://audio.example.com/voice$_.mp3\" } }\n";

        /// <summary>The row number a job was made from (rows carry it in their audio URL).</summary>
        public static int RowOf(EmulatedJob job) => int.Parse(job.AudioUrl.Split("voice")[1].Split('.')[0], System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>The file name Save-AkoolVideo gives row <paramref name="row"/>.</summary>
        public static string FileOf(int row) => $"clip{row:000}.mp4";

        /// <summary>The MP4 files in the scratch folder (or a sub-folder of it).</summary>
        public string[] Videos(string subFolder = "videos") =>
            Directory.Exists(Path.Combine(Folder, subFolder)) ? Directory.GetFiles(Path.Combine(Folder, subFolder)).OrderBy(f => f, StringComparer.Ordinal).ToArray() : Array.Empty<string>();

        public async ValueTask DisposeAsync()
        {
            Shell.Run("Disconnect-Akool");
            Shell.Dispose();
            await Emulator.DisposeAsync();
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
