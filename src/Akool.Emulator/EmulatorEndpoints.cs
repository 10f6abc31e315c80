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

        /// <summary><c>GET</c>/<c>HEAD /videos/{id}.mp4</c>, the generated videos (no authentication, like a CDN).</summary>
        Download = 16,

        /// <summary>Every JSON API endpoint.</summary>
        Api = Token | Create | Status | Credit,

        /// <summary>Every endpoint, downloads included.</summary>
        All = Api | Download,
    }
}
