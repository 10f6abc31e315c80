using System;

namespace Akool.Emulator
{
    /// <summary>The emulator's endpoints, as flags, to scope fault rules and to label recorded requests.</summary>
    [Flags]
    public enum EmulatorEndpoints
    {
        /// <summary>No endpoint (an unknown path).</summary>
        None = 0,

        /// <summary><c>POST /api/open/v3/getToken</c>.</summary>
        Token = 1,

        /// <summary><c>POST /api/open/v3/content/video/createbytalkingphoto</c>.</summary>
        Create = 2,

        /// <summary><c>GET /api/open/v3/content/video/infobymodelid</c>.</summary>
        Status = 4,

        /// <summary><c>GET /api/open/v3/faceswap/quota/info</c>.</summary>
        Credit = 8,

        /// <summary>
        /// <c>GET</c>/<c>HEAD /videos/{id}.mp4</c>, the generated videos, and <c>/speech/{id}.mp3</c> and
        /// <c>/voices/{voice_id}.mp3</c>, the generated speech and voice samples (no authentication, like a CDN).
        /// </summary>
        Download = 16,

        /// <summary><c>GET /api/open/v4/voice/list</c>.</summary>
        VoiceList = 32,

        /// <summary><c>POST /api/open/v4/voice/tts</c>.</summary>
        SpeechCreate = 64,

        /// <summary><c>GET /api/open/v4/voice/resource/detail/{_id}</c>.</summary>
        SpeechDetail = 128,

        /// <summary>Every JSON API endpoint.</summary>
        Api = Token | Create | Status | Credit | VoiceList | SpeechCreate | SpeechDetail,

        /// <summary>Every endpoint, downloads included.</summary>
        All = Api | Download,
    }
}
