using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Akool.Emulator
{
    /// <summary>
    /// Input files for tests at <c>/samples/{name}</c> (any query string is ignored, so a test can make many distinct
    /// URLs of one file), the good ones through the <see cref="CdnFileServer"/>: <c>photo.jpg</c>, <c>photo.png</c>,
    /// <c>audio.mp3</c>, <c>audio.wav</c>; and the classic bad ones: <c>page.html</c> (a share link's page),
    /// <c>forbidden.jpg</c> (403), <c>loop.jpg</c> (a redirect to itself), <c>text.jpg</c> (text named .jpg),
    /// <c>empty.mp3</c> (no bytes); any other name answers 404. Also what a create does with its inputs when
    /// <see cref="EmulatorOptions.FetchInputs"/> is on: fetch them, as Akool does.
    /// </summary>
    internal sealed class SampleInputs
    {
        private static readonly DateTimeOffset Made = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

        // Akool's fetcher is not documented; a short timeout and a few redirects are what such fetchers allow.
        private static readonly HttpClient Fetcher = new HttpClient(new SocketsHttpHandler { MaxAutomaticRedirections = 5 }) { Timeout = TimeSpan.FromSeconds(2) };

        private readonly CdnFileServer _server;

        public SampleInputs(CdnFileServer server) => _server = server;

        public Task Serve(HttpContext context)
        {
            string name = context.Request.RouteValues["file"] as string ?? string.Empty;
            switch (name)
            {
                case "forbidden.jpg":
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                case "loop.jpg":
                    context.Response.StatusCode = StatusCodes.Status302Found;
                    context.Response.Headers.Location = context.Request.Path.Value + context.Request.QueryString.Value;
                    return Task.CompletedTask;
                default:
                    return _server.ServeAsync(context, () => Find(name));
            }
        }

        /// <summary>
        /// Why Akool would fail a job with these inputs, or null: each must answer 200 with an image's and an audio
        /// file's first bytes. A few magic numbers of the module's own sniffer, written again here: the emulator is an
        /// independent implementation of Akool, and must not share the module's mistakes.
        /// </summary>
        public static async Task<string?> ProblemAsync(string photoUrl, string audioUrl, CancellationToken cancellationToken) =>
            await ProblemAsync(photoUrl, "talking_photo_url", image: true, cancellationToken).ConfigureAwait(false)
            ?? await ProblemAsync(audioUrl, "audio_url", image: false, cancellationToken).ConfigureAwait(false);

        private static async Task<string?> ProblemAsync(string url, string field, bool image, CancellationToken cancellationToken)
        {
            byte[] head;
            try
            {
                using HttpResponseMessage response = await Fetcher.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return field + " could not be downloaded (HTTP " + (int)response.StatusCode + ")";
                }

                head = new byte[16];
                int read = 0;
                using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                int n;
                while (read < head.Length && (n = await body.ReadAsync(head.AsMemory(read), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    read += n;
                }

                Array.Resize(ref head, read);
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is TaskCanceledException)
            {
                return field + " could not be downloaded (" + ex.Message + ")";
            }

            bool ok = image ? IsImage(head) : IsAudio(head);
            return ok ? null : field + (image ? " is not an image" : " is not an audio file");
        }

        private static bool IsImage(byte[] b) =>
            Starts(b, 0, 0xFF, 0xD8, 0xFF) || Starts(b, 0, 0x89, 0x50, 0x4E, 0x47) || (Starts(b, 0, "RIFF"u8.ToArray()) && Starts(b, 8, "WEBP"u8.ToArray()));

        private static bool IsAudio(byte[] b) =>
            Starts(b, 0, "ID3"u8.ToArray()) || (b.Length >= 2 && b[0] == 0xFF && (b[1] & 0xE0) == 0xE0)
            || (Starts(b, 0, "RIFF"u8.ToArray()) && Starts(b, 8, "WAVE"u8.ToArray())) || Starts(b, 4, "ftyp"u8.ToArray());

        private static bool Starts(byte[] b, int at, params byte[] prefix) => b.Length >= at + prefix.Length && b.AsSpan(at, prefix.Length).SequenceEqual(prefix);

        private static ServedFile? Find(string name) => name switch
        {
            "photo.jpg" => File("image/jpeg", 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9),
            "photo.png" => File("image/png", 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0),
            "audio.mp3" => new ServedFile(new ByteContent(SpeechAudio.Mp3("akool-emulator sample", SpeechAudio.FramesFor(20))), "audio/mpeg", null, Made),
            "audio.wav" => File("audio/wav", Encoding.ASCII.GetBytes("RIFF\x24\0\0\0WAVEfmt \x10\0\0\0\x01\0\x01\0\x40\x1F\0\0\x80\x3E\0\0\x02\0\x10\0data\0\0\0\0")),
            "page.html" => File("text/html; charset=utf-8", Encoding.UTF8.GetBytes("<!DOCTYPE html><html><head><title>Shared file</title></head><body>Download</body></html>")),
            "text.jpg" => File("image/jpeg", Encoding.UTF8.GetBytes("This is a text file, not a photo.\n")),
            "empty.mp3" => File("audio/mpeg"),
            _ => null,
        };

        private static ServedFile File(string contentType, params byte[] bytes) => new ServedFile(new ByteContent(bytes), contentType, null, Made);
    }
}
