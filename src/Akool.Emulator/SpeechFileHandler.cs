using System;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Akool.Emulator
{
    /// <summary>
    /// Serves the speech MP3s (<c>/speech/{_id}.mp3</c>, once completed and within the result lifetime) and the voice
    /// samples (<c>/voices/{voice_id}.mp3</c>) like a CDN: no authentication, <c>HEAD</c>, single ranges, and the
    /// download faults (as <see cref="EmulatorEndpoints.Download"/>).
    /// </summary>
    internal sealed class SpeechFileHandler
    {
        private readonly AkoolEmulator _emulator;

        public SpeechFileHandler(AkoolEmulator emulator) => _emulator = emulator;

        public Task ServeSpeech(HttpContext context)
        {
            string? id = IdOf(context.Request.RouteValues["file"] as string);
            EmulatedSpeech? speech = id is null ? null : _emulator.Speeches.Find(id);
            DateTimeOffset now = _emulator.Clock.Now;
            if (speech is null || speech.StatusAt(now) != 3 || now > speech.CreatedAt + _emulator.Options.ResultLifetime)
            {
                return ServeAsync(context, null, default);
            }

            return ServeAsync(context, SpeechAudio.Mp3("akool-emulator speech " + speech.Id, speech.FrameCount), speech.CompletesAt);
        }

        public Task ServePreview(HttpContext context)
        {
            string? voiceId = IdOf(context.Request.RouteValues["file"] as string);
            EmulatedVoice? voice = voiceId is null ? null : VoiceCatalogue.FindByVoiceId(voiceId);
            return voice is null
                ? ServeAsync(context, null, default)
                : ServeAsync(context, SpeechAudio.Mp3("akool-emulator voice " + voice.VoiceId, SpeechAudio.FramesFor(0)), voice.CreatedAt);
        }

        private static string? IdOf(string? file) =>
            file is not null && file.EndsWith(".mp3", StringComparison.OrdinalIgnoreCase) ? file.Substring(0, file.Length - 4) : null;

        private async Task ServeAsync(HttpContext context, byte[]? bytes, DateTimeOffset modified)
        {
            EmulatorFaults faults = _emulator.Faults;
            FaultDice dice = _emulator.Dice;
            if (await HttpFaults.TryAnswerNotProcessedAsync(context, EmulatorEndpoints.Download, faults, dice, _emulator.Recorder).ConfigureAwait(false))
            {
                return;
            }

            HttpResponse response = context.Response;
            if (bytes is null)
            {
                response.StatusCode = StatusCodes.Status404NotFound;
                response.ContentType = "text/plain";
                _emulator.Recorder.Record(context, null);
                if (!HttpMethods.IsHead(context.Request.Method))
                {
                    await response.WriteAsync("Not Found", context.RequestAborted).ConfigureAwait(false);
                }

                return;
            }

            if (dice.Roll(faults.DropConnection, EmulatorEndpoints.Download))
            {
                RequestRecorder.MarkFault(context, nameof(EmulatorFaults.DropConnection));
                _emulator.Recorder.Record(context, null);
                context.Abort();
                return;
            }

            long length = bytes.Length;
            response.ContentType = "audio/mpeg";
            response.Headers.AcceptRanges = "bytes";
            response.Headers.LastModified = modified.ToString("R", CultureInfo.InvariantCulture);
            long start = 0;
            long end = length - 1;
            if (DownloadHandler.TryGetRange(context.Request, length, out long rangeStart, out long rangeEnd, out bool unsatisfiable))
            {
                start = rangeStart;
                end = rangeEnd;
                response.StatusCode = StatusCodes.Status206PartialContent;
                response.Headers.ContentRange = string.Format(CultureInfo.InvariantCulture, "bytes {0}-{1}/{2}", start, end, length);
            }
            else if (unsatisfiable)
            {
                response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                response.Headers.ContentRange = "bytes */" + length.ToString(CultureInfo.InvariantCulture);
                response.ContentLength = 0;
                _emulator.Recorder.Record(context, null);
                return;
            }
            else
            {
                response.StatusCode = StatusCodes.Status200OK;
            }

            long count = end - start + 1;
            response.ContentLength = count;
            bool cut = dice.Roll(faults.CutDownload, EmulatorEndpoints.Download);
            if (cut)
            {
                RequestRecorder.MarkFault(context, nameof(EmulatorFaults.CutDownload));
            }

            _emulator.Recorder.Record(context, null);
            if (HttpMethods.IsHead(context.Request.Method))
            {
                return;
            }

            try
            {
                await response.Body.WriteAsync(bytes.AsMemory((int)start, (int)(cut ? count / 2 : count)), context.RequestAborted).ConfigureAwait(false);
                if (cut)
                {
                    // The promised Content-Length is never reached: the client must notice the short body.
                    await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                    context.Abort();
                }
            }
            catch (OperationCanceledException)
            {
                // The client went away mid-download; nothing to clean up.
            }
        }
    }
}
