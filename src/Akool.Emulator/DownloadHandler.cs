using System;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Akool.Emulator
{
    /// <summary>
    /// Serves the generated videos (<c>/videos/{id}.mp4</c>) through the <see cref="CdnFileServer"/>; this class only
    /// decides which video a URL names, and that it is servable: completed and within the result lifetime.
    /// </summary>
    internal sealed class DownloadHandler
    {
        private readonly AkoolEmulator _emulator;
        private readonly CdnFileServer _server;

        public DownloadHandler(AkoolEmulator emulator, CdnFileServer server)
        {
            _emulator = emulator;
            _server = server;
        }

        public Task Serve(HttpContext context) => _server.ServeAsync(context, () => FindServable(context.Request.RouteValues["file"] as string));

        private ServedFile? FindServable(string? file)
        {
            if (file is null || !file.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            EmulatedJob? job = _emulator.Store.Find(file.Substring(0, file.Length - 4));
            if (job is null || job.Expired)
            {
                return null;
            }

            DateTimeOffset now = _emulator.Clock.Now;
            if (job.StatusAt(now) != 3 || now > job.CreatedAt + _emulator.Options.ResultLifetime)
            {
                return null;
            }

            VideoContent video = _emulator.ContentOf(job);
            string etag = "\"" + job.Id + "-" + video.Length.ToString(CultureInfo.InvariantCulture) + "\"";
            return new ServedFile(video, "video/mp4", etag, job.CompletesAt);
        }
    }
}
