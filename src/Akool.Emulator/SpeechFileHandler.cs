using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Akool.Emulator
{
    /// <summary>
    /// Serves the speech MP3s (<c>/speech/{_id}.mp3</c>, once completed and within the result lifetime) and the voice
    /// samples (<c>/voices/{voice_id}.mp3</c>) through the same <see cref="CdnFileServer"/> as the videos, so every
    /// download fault strikes them too (as <see cref="EmulatorEndpoints.Download"/>); this class only finds the file.
    /// </summary>
    internal sealed class SpeechFileHandler
    {
        private readonly AkoolEmulator _emulator;
        private readonly CdnFileServer _server;

        public SpeechFileHandler(AkoolEmulator emulator, CdnFileServer server)
        {
            _emulator = emulator;
            _server = server;
        }

        public Task ServeSpeech(HttpContext context) => _server.ServeAsync(context, () => FindSpeech(context.Request.RouteValues["file"] as string));

        public Task ServePreview(HttpContext context) => _server.ServeAsync(context, () => FindPreview(context.Request.RouteValues["file"] as string));

        private static string? IdOf(string? file) =>
            file is not null && file.EndsWith(".mp3", StringComparison.OrdinalIgnoreCase) ? file.Substring(0, file.Length - 4) : null;

        private static ServedFile? FindPreview(string? file)
        {
            string? voiceId = IdOf(file);
            EmulatedVoice? voice = voiceId is null ? null : VoiceCatalogue.FindByVoiceId(voiceId);
            return voice is null
                ? null
                : Mp3(SpeechAudio.Mp3("akool-emulator voice " + voice.VoiceId, SpeechAudio.FramesFor(0)), voice.CreatedAt);
        }

        // No ETag: the audio files never had one here, so sharing the server changes only which faults reach them
        // (the contract is silent on ETags for any download).
        private static ServedFile Mp3(byte[] bytes, DateTimeOffset lastModified) => new ServedFile(new ByteContent(bytes), "audio/mpeg", null, lastModified);

        private ServedFile? FindSpeech(string? file)
        {
            string? id = IdOf(file);
            EmulatedSpeech? speech = id is null ? null : _emulator.Speeches.Find(id);
            DateTimeOffset now = _emulator.Clock.Now;
            if (speech is null || speech.StatusAt(now) != 3 || now > speech.CreatedAt + _emulator.Options.ResultLifetime)
            {
                return null;
            }

            return Mp3(SpeechAudio.Mp3("akool-emulator speech " + speech.Id, speech.FrameCount), speech.CompletesAt);
        }
    }
}
