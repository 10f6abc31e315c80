using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;

namespace Akool.Tests.Harness
{
    /// <summary>
    /// Azurite, the Azure Storage emulator (tests/azurite, pinned by its package-lock.json), started on a free
    /// loopback port in a fresh folder, with a debug log that records every request, and stopped by its process id.
    /// SAS tokens are computed here with the well-known development account key.
    /// </summary>
    public sealed class Azurite : IDisposable
    {
        public const string Account = "devstoreaccount1";

        // Azurite's published development key: it only ever opens the emulator.
        private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
        private const string SasVersion = "2019-12-12";

        private readonly Process _process;
        private readonly string _folder;

        private Azurite(Process process, string folder, int port)
        {
            _process = process;
            _folder = folder;
            Endpoint = new Uri($"http://127.0.0.1:{port}/{Account}");
        }

        /// <summary>The account's blob endpoint, e.g. http://127.0.0.1:port/devstoreaccount1.</summary>
        public Uri Endpoint { get; }

        /// <summary>Azurite's debug log: one line per request (among others).</summary>
        public string DebugLog => Path.Combine(_folder, "debug.log");

        public static Azurite Start()
        {
            string main = Path.Combine(RepositoryPaths.Root, "tests", "azurite", "node_modules", "azurite", "dist", "src", "blob", "main.js");
            if (!File.Exists(main))
            {
                throw new InvalidOperationException($"Azurite is not installed ({main} is missing): run `npm ci --prefix tests/azurite` in the repository, then the tests again.");
            }
            string folder = Path.Combine(Path.GetTempPath(), "akool-azurite-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            int port = FreePort();
            var start = new ProcessStartInfo("node")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (string arg in new[] { main, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture), "--location", folder, "--debug", Path.Combine(folder, "debug.log"), "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry" })
            {
                start.ArgumentList.Add(arg);
            }
            Process process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var azurite = new Azurite(process, folder, port);
            try
            {
                Eventually.True(() => process.HasExited || Answers(port), TimeSpan.FromSeconds(60), "Azurite listening on port " + port);
                if (process.HasExited) throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before listening.");
                return azurite;
            }
            catch
            {
                azurite.Dispose();
                throw;
            }
        }

        /// <summary>Creates a container (public read of its blobs when <paramref name="publicBlobs"/>) and returns its URL.</summary>
        public async Task<Uri> CreateContainerAsync(string name, bool publicBlobs = false)
        {
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Put, $"{Endpoint}/{name}?restype=container&{AccountSas()}");
            request.Headers.Add("x-ms-version", SasVersion);
            if (publicBlobs) request.Headers.Add("x-ms-blob-public-access", "blob");
            using HttpResponseMessage response = await http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException("Creating the container failed: " + response.StatusCode + " " + await response.Content.ReadAsStringAsync());
            return new Uri($"{Endpoint}/{name}");
        }

        /// <summary>A service SAS for the container with permissions <paramref name="permissions"/> (e.g. "cw", "r"), without '?'.</summary>
        public static string ContainerSas(Uri container, string permissions, int hours = 2)
        {
            string expiry = DateTime.UtcNow.AddHours(hours).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            string resource = $"/blob/{Account}/{container.AbsolutePath.TrimEnd('/').Split('/').Last()}";
            // Service SAS string-to-sign for versions 2018-11-09 to 2020-10-02: permissions, start, expiry, resource,
            // identifier, IP, protocol, version, resource type, snapshot time, then the five response headers.
            string toSign = string.Join("\n", permissions, "", expiry, resource, "", "", "", SasVersion, "c", "", "", "", "", "", "");
            return $"sv={SasVersion}&sr=c&sp={permissions}&se={Uri.EscapeDataString(expiry)}&sig={Uri.EscapeDataString(Sign(toSign))}";
        }

        /// <summary>The names of the container's blobs (List Blobs); with <paramref name="etags"/>, each followed by its ETag, which every write changes.</summary>
        public static async Task<string[]> ListAsync(Uri container, bool etags = false)
        {
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{container}?restype=container&comp=list&{AccountSas()}");
            request.Headers.Add("x-ms-version", SasVersion);
            using HttpResponseMessage response = await http.SendAsync(request);
            string xml = await response.Content.ReadAsStringAsync();
            return System.Xml.Linq.XDocument.Parse(xml).Descendants("Blob").Select(b => (string)b.Element("Name")! + (etags ? " " + (string)b.Descendants("Etag").Single() : string.Empty)).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        }

        /// <summary>How many Put Blob requests (a PUT of a blob, not of a container) Azurite has logged so far.</summary>
        public int PutBlobCount() =>
            File.Exists(DebugLog) ? PutBlob.Count(ReadShared(DebugLog)) : 0;

        private static readonly System.Text.RegularExpressions.Regex PutBlob =
            new System.Text.RegularExpressions.Regex(@"RequestMethod=PUT RequestURL=http://[^/]+/" + Account + @"/[^/?\s]+/[^?\s]+");

        private static string ReadShared(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }

        private static string AccountSas()
        {
            string expiry = DateTime.UtcNow.AddHours(2).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            string toSign = string.Join("\n", Account, "rwdlac", "b", "sco", "", expiry, "", "", SasVersion, "");
            return $"sv={SasVersion}&ss=b&srt=sco&sp=rwdlac&se={Uri.EscapeDataString(expiry)}&sig={Uri.EscapeDataString(Sign(toSign))}";
        }

        private static string Sign(string toSign)
        {
            using var hmac = new HMACSHA256(Convert.FromBase64String(AccountKey));
            return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(toSign)));
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        private static bool Answers(int port)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill();
                    _process.WaitForExit(10000);
                }
            }
            catch (InvalidOperationException)
            {
            }
            _process.Dispose();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
