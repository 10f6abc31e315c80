using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Akool.Bench
{
    /// <summary>
    /// The Akool calls as a user's script makes them without the module: one HttpClient, the x-api-key header, a
    /// JSON body, the envelope read with System.Text.Json. The baseline for (a)'s tail download, (b), (d) and (f).
    /// </summary>
    internal sealed class RawAkool : IDisposable
    {
        private readonly HttpClient _http;
        private readonly Uri _baseUri;

        public RawAkool(Uri baseUri, string apiKey)
        {
            _baseUri = baseUri;
            _http = new HttpClient();
            _http.Timeout = Timeout.InfiniteTimeSpan;
            _http.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }

        public static string PhotoUrl(int row) => "https://img.example.com/face" + row + ".jpg";

        public static string AudioUrl(int row) => "https://audio.example.com/voice" + row + ".mp3";

        /// <summary>POST createbytalkingphoto; returns the new video's _id.</summary>
        public Task<string> CreateAsync(int row, CancellationToken cancellation = default) => CreateAsync(PhotoUrl(row), AudioUrl(row), cancellation);

        /// <summary>POST createbytalkingphoto for the given URLs; returns the new video's _id.</summary>
        public async Task<string> CreateAsync(string photoUrl, string audioUrl, CancellationToken cancellation = default)
        {
            string body = JsonSerializer.Serialize(new CreateBody(photoUrl, audioUrl));
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using HttpResponseMessage response = await _http.PostAsync(new Uri(_baseUri, "/api/open/v3/content/video/createbytalkingphoto"), content, cancellation).ConfigureAwait(false);
            using JsonDocument answer = await ReadEnvelopeAsync(response, cancellation).ConfigureAwait(false);
            return answer.RootElement.GetProperty("data").GetProperty("_id").GetString() ?? throw new InvalidDataException("create answered no _id");
        }

        /// <summary>GET infobymodelid; returns video_status and, once completed, the video URL.</summary>
        public async Task<(int Status, string? Url)> StatusAsync(string id, CancellationToken cancellation = default)
        {
            using HttpResponseMessage response = await _http.GetAsync(new Uri(_baseUri, "/api/open/v3/content/video/infobymodelid?video_model_id=" + Uri.EscapeDataString(id)), cancellation).ConfigureAwait(false);
            using JsonDocument answer = await ReadEnvelopeAsync(response, cancellation).ConfigureAwait(false);
            JsonElement data = answer.RootElement.GetProperty("data");
            int status = data.GetProperty("video_status").GetInt32();
            string? url = data.TryGetProperty("video", out JsonElement video) && video.ValueKind == JsonValueKind.String ? video.GetString() : null;
            return (status, url);
        }

        /// <summary>GET quota/info; returns data.credit.</summary>
        public async Task<decimal> CreditAsync(CancellationToken cancellation = default)
        {
            using HttpResponseMessage response = await _http.GetAsync(new Uri(_baseUri, "/api/open/v3/faceswap/quota/info"), cancellation).ConfigureAwait(false);
            using JsonDocument answer = await ReadEnvelopeAsync(response, cancellation).ConfigureAwait(false);
            return answer.RootElement.GetProperty("data").GetProperty("credit").GetDecimal();
        }

        /// <summary>Streams <paramref name="url"/> into <paramref name="path"/> with a plain CopyToAsync; returns the byte count.</summary>
        public async Task<long> DownloadAsync(string url, string path, CancellationToken cancellation = default)
        {
            using HttpResponseMessage response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            await using Stream source = await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
            await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true);
            await source.CopyToAsync(file, cancellation).ConfigureAwait(false);
            return file.Length;
        }

        public void Dispose() => _http.Dispose();

        private static async Task<JsonDocument> ReadEnvelopeAsync(HttpResponseMessage response, CancellationToken cancellation)
        {
            response.EnsureSuccessStatusCode();
            await using Stream stream = await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
            JsonDocument answer = await JsonDocument.ParseAsync(stream, default, cancellation).ConfigureAwait(false);
            int code = answer.RootElement.GetProperty("code").GetInt32();
            if (code != 1000)
            {
                answer.Dispose();
                throw new InvalidDataException("Akool answered code " + code);
            }

            return answer;
        }

        // The property names are Akool's own, so the default serializer writes them as is.
#pragma warning disable IDE1006
        private sealed record CreateBody(string talking_photo_url, string audio_url);
#pragma warning restore IDE1006
    }
}
