namespace Akool.Emulator
{
    /// <summary>The paths the emulator answers, as Akool spells them.</summary>
    internal static class Routes
    {
        public const string Token = "/api/open/v3/getToken";
        public const string Create = "/api/open/v3/content/video/createbytalkingphoto";
        public const string Status = "/api/open/v3/content/video/infobymodelid";
        public const string Credit = "/api/open/v3/faceswap/quota/info";
        public const string VideosPrefix = "/videos/";
        public const string VoiceList = "/api/open/v4/voice/list";
        public const string SpeechCreate = "/api/open/v4/voice/tts";
        public const string SpeechDetailPrefix = "/api/open/v4/voice/resource/detail/";
        public const string SpeechPrefix = "/speech/";
        public const string VoicePreviewPrefix = "/voices/";
        public const string SamplesPrefix = "/samples/";

        /// <summary>The test-only read-out (<see cref="EmulatorStats"/>); Akool's API has no path outside /api/.</summary>
        public const string Stats = "/_emulator/stats";
    }
}
