using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Akool.Bench
{
    /// <summary>
    /// The built emulator run as its own process (<c>dotnet Akool.Emulator.dll ...</c>), so that this process's
    /// working set is what a user's pwsh carries (the module, the pipeline, the rows) and the emulator's job table
    /// and request log are counted apart. What it saw comes from its test-only read-out, GET /_emulator/stats.
    /// </summary>
    internal sealed class EmulatorProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly HttpClient _http;

        private EmulatorProcess(Process process, Uri baseUri, string apiKey)
        {
            _process = process;
            BaseUri = baseUri;
            ApiKey = apiKey;
            _http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(2) };
        }

        public Uri BaseUri { get; }

        public string ApiKey { get; }

        public int Id => _process.Id;

        /// <summary>The emulator process's peak working set so far (VmHWM on Linux), in bytes.</summary>
        public long PeakWorkingSet
        {
            get
            {
                _process.Refresh();
                return _process.PeakWorkingSet64;
            }
        }

        public static async Task<EmulatorProcess> StartAsync(TimeSpan processing, long videoSize)
        {
            string dll = Path.Combine(AppContext.BaseDirectory, "Akool.Emulator.dll");
            if (!File.Exists(dll)) throw new InvalidOperationException("The emulator is not built beside the bench: " + dll);
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string arg in new[]
            {
                dll, "--urls", "http://127.0.0.1:0", "--quiet", "--queue-seconds", "0",
                "--processing-seconds", processing.TotalSeconds.ToString(CultureInfo.InvariantCulture),
                "--video-size", videoSize.ToString(CultureInfo.InvariantCulture), "--credit", "1000000000", "--seed", "5",
            })
            {
                start.ArgumentList.Add(arg);
            }

            Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start the emulator");
            _ = process.StandardError.ReadToEndAsync();
            try
            {
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                Uri? baseUri = null;
                string? apiKey = null;
                var banner = new List<string>();
                string? line;
                while ((line = await process.StandardOutput.ReadLineAsync(limit.Token)) != null)
                {
                    banner.Add(line);
                    const string listening = "listening on ";
                    int at = line.IndexOf(listening, StringComparison.Ordinal);
                    if (at >= 0) baseUri = new Uri(line.Substring(at + listening.Length).Trim());
                    if (line.TrimStart().StartsWith("api key:", StringComparison.Ordinal)) apiKey = line.Substring(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim();
                    if (line.Contains("Press Ctrl+C", StringComparison.Ordinal)) break;
                }
                if (baseUri == null || apiKey == null) throw new InvalidOperationException("The emulator did not start: " + string.Join(" | ", banner));
                // Nothing more is printed (--quiet); keep the pipe drained anyway.
                _ = process.StandardOutput.ReadToEndAsync();
                return new EmulatorProcess(process, baseUri, apiKey);
            }
            catch
            {
                process.Kill(entireProcessTree: true);
                process.Dispose();
                throw;
            }
        }

        /// <summary>The emulator's read-out now.</summary>
        public async Task<JsonElement> StatsAsync()
        {
            string json = await _http.GetStringAsync(new Uri("/_emulator/stats", UriKind.Relative));
            using JsonDocument document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            try
            {
                if (!_process.HasExited) _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            _process.Dispose();
        }
    }
}
