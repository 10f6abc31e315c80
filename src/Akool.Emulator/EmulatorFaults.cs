using System;
using System.Threading;

namespace Akool.Emulator
{
    /// <summary>
    /// The fault switches. Every property can be changed while the emulator runs, from any thread; each takes
    /// effect on the next request. Per API request they are applied in this order: <see cref="Latency"/>,
    /// <see cref="LatencySpike"/>, <see cref="Http503"/>, <see cref="Http429"/>, <see cref="HtmlAnswer"/>,
    /// <see cref="MissingCode"/>, <see cref="HugeAnswer"/>, <see cref="Code1005"/>, then authentication, the
    /// processing itself, then <see cref="DropConnection"/>. Only the first fault that strikes is answered.
    /// </summary>
    public sealed class EmulatorFaults
    {
        private long _latencyTicks;
        private long _spikeTicks = TimeSpan.FromSeconds(30).Ticks;
        private long _tokenLifetimeTicks = -1;
        private int _retryAfterSeconds = 1;
        private FaultRule _latencySpike = FaultRule.Off;
        private FaultRule _http503 = FaultRule.Off;
        private FaultRule _http429 = FaultRule.Off;
        private FaultRule _code1005 = FaultRule.Off;
        private FaultRule _dropConnection = FaultRule.Off;
        private FaultRule _cutDownload = FaultRule.Off;
        private FaultRule _htmlAnswer = FaultRule.Off;
        private FaultRule _missingCode = FaultRule.Off;
        private FaultRule _hugeAnswer = FaultRule.Off;
        private FaultRule _html200Answer = FaultRule.Off;
        private FaultRule _oddCreateAnswer = FaultRule.Off;
        private FaultRule _apiRedirect = FaultRule.Off;
        private FaultRule _downloadRedirect = FaultRule.Off;
        private FaultRule _unknownTotalRange = FaultRule.Off;
        private FaultRule _gzipDownload = FaultRule.Off;
        private FaultRule _dripDownload = FaultRule.Off;
        private Uri? _redirectTo;
        private string? _speechPreview;
        private long _dripIntervalTicks = TimeSpan.FromMilliseconds(200).Ticks;

        /// <summary>A delay added before every API answer (not to download bytes). Default zero.</summary>
        public TimeSpan Latency
        {
            get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
            set => Interlocked.Exchange(ref _latencyTicks, value.Ticks);
        }

        /// <summary>
        /// Occasionally a much longer delay (<see cref="LatencySpikeDuration"/>), meant to exceed a client's timeout.
        /// It happens before processing: if the client has gone away by then, the request is not processed
        /// (a create makes no job and bills nothing).
        /// </summary>
        public FaultRule LatencySpike { get => Volatile.Read(ref _latencySpike); set => Volatile.Write(ref _latencySpike, value ?? FaultRule.Off); }

        /// <summary>How long a <see cref="LatencySpike"/> lasts. Default 30 seconds.</summary>
        public TimeSpan LatencySpikeDuration
        {
            get => TimeSpan.FromTicks(Interlocked.Read(ref _spikeTicks));
            set => Interlocked.Exchange(ref _spikeTicks, value.Ticks);
        }

        /// <summary>HTTP 503 with a small HTML body; the request is not processed.</summary>
        public FaultRule Http503 { get => Volatile.Read(ref _http503); set => Volatile.Write(ref _http503, value ?? FaultRule.Off); }

        /// <summary>HTTP 429 with a <c>Retry-After</c> header of <see cref="RetryAfterSeconds"/>; the request is not processed.</summary>
        public FaultRule Http429 { get => Volatile.Read(ref _http429); set => Volatile.Write(ref _http429, value ?? FaultRule.Off); }

        /// <summary>The <c>Retry-After</c> value (seconds) sent with <see cref="Http429"/>. Default 1.</summary>
        public int RetryAfterSeconds { get => Volatile.Read(ref _retryAfterSeconds); set => Volatile.Write(ref _retryAfterSeconds, value); }

        /// <summary>HTTP 200 <c>{"code":1005,"msg":"Frequent operation..."}</c>; the request is not processed. API endpoints only.</summary>
        public FaultRule Code1005 { get => Volatile.Read(ref _code1005); set => Volatile.Write(ref _code1005, value ?? FaultRule.Off); }

        /// <summary>
        /// The request IS processed (a create makes and bills a job), then the connection is aborted before any
        /// byte of the answer: the client cannot know whether its create happened.
        /// </summary>
        public FaultRule DropConnection { get => Volatile.Read(ref _dropConnection); set => Volatile.Write(ref _dropConnection, value ?? FaultRule.Off); }

        /// <summary>A download announces its full <c>Content-Length</c> but the connection is aborted after about half the bytes.</summary>
        public FaultRule CutDownload { get => Volatile.Read(ref _cutDownload); set => Volatile.Write(ref _cutDownload, value ?? FaultRule.Off); }

        /// <summary>HTTP 502 <c>text/html</c> "Bad Gateway" page, as from a proxy; the request is not processed.</summary>
        public FaultRule HtmlAnswer { get => Volatile.Read(ref _htmlAnswer); set => Volatile.Write(ref _htmlAnswer, value ?? FaultRule.Off); }

        /// <summary>HTTP 200 with a JSON body that has no <c>code</c>; the request is not processed. API endpoints only.</summary>
        public FaultRule MissingCode { get => Volatile.Read(ref _missingCode); set => Volatile.Write(ref _missingCode, value ?? FaultRule.Off); }

        /// <summary>
        /// HTTP 200 with a JSON body of about 20 MB (code 1015 and one giant unknown field); the request is not
        /// processed. API endpoints only.
        /// </summary>
        public FaultRule HugeAnswer { get => Volatile.Read(ref _hugeAnswer); set => Volatile.Write(ref _hugeAnswer, value ?? FaultRule.Off); }

        /// <summary>HTTP 200 with an HTML page (a captive portal, a login page); the request is not processed. API endpoints only.</summary>
        public FaultRule Html200Answer { get => Volatile.Read(ref _html200Answer); set => Volatile.Write(ref _html200Answer, value ?? FaultRule.Off); }

        /// <summary>
        /// A create IS processed (a job is made and billed), then answered <c>{"code":1000,"msg":"OK","data":{}}</c>
        /// with no <c>_id</c>: the client cannot name the video it paid for. Create only.
        /// </summary>
        public FaultRule OddCreateAnswer { get => Volatile.Read(ref _oddCreateAnswer); set => Volatile.Write(ref _oddCreateAnswer, value ?? FaultRule.Off); }

        /// <summary>
        /// The request IS processed (a create makes and bills a job), then answered HTTP 307 to
        /// <see cref="RedirectTo"/> (or to the same address when null), as a hostile or misconfigured server might.
        /// API endpoints only.
        /// </summary>
        public FaultRule ApiRedirect { get => Volatile.Read(ref _apiRedirect); set => Volatile.Write(ref _apiRedirect, value ?? FaultRule.Off); }

        /// <summary>
        /// When set, every completed speech's <c>preview</c> is this text instead of its MP3's URL (a broken or hostile
        /// server: <c>file:///etc/passwd</c>, a relative path). Null: the real URL.
        /// </summary>
        public string? SpeechPreview { get => Volatile.Read(ref _speechPreview); set => Volatile.Write(ref _speechPreview, value); }

        /// <summary>Where <see cref="ApiRedirect"/> points (scheme, host and port; the path and query are kept). Null: the emulator itself.</summary>
        public Uri? RedirectTo { get => Volatile.Read(ref _redirectTo); set => Volatile.Write(ref _redirectTo, value); }

        /// <summary>A download is answered HTTP 302 to the same URL (marked so it is not redirected twice), as a CDN does.</summary>
        public FaultRule DownloadRedirect { get => Volatile.Read(ref _downloadRedirect); set => Volatile.Write(ref _downloadRedirect, value ?? FaultRule.Off); }

        /// <summary>A ranged download (206) says <c>Content-Range: bytes N-M/*</c>: the total is not given.</summary>
        public FaultRule UnknownTotalRange { get => Volatile.Read(ref _unknownTotalRange); set => Volatile.Write(ref _unknownTotalRange, value ?? FaultRule.Off); }

        /// <summary>A download is sent gzip-compressed with <c>Content-Encoding: gzip</c>, though the client did not ask for it.</summary>
        public FaultRule GzipDownload { get => Volatile.Read(ref _gzipDownload); set => Volatile.Write(ref _gzipDownload, value ?? FaultRule.Off); }

        /// <summary>A download announces its full length, then sends one byte every <see cref="DripInterval"/>.</summary>
        public FaultRule DripDownload { get => Volatile.Read(ref _dripDownload); set => Volatile.Write(ref _dripDownload, value ?? FaultRule.Off); }

        /// <summary>The pause between the bytes of a <see cref="DripDownload"/>. Default 200 ms.</summary>
        public TimeSpan DripInterval
        {
            get => TimeSpan.FromTicks(Interlocked.Read(ref _dripIntervalTicks));
            set => Interlocked.Exchange(ref _dripIntervalTicks, value.Ticks);
        }

        /// <summary>When set, tokens older than this (by <see cref="EmulatorClock"/>) answer 1101. Default null: tokens never expire.</summary>
        public TimeSpan? TokenLifetime
        {
            get
            {
                long ticks = Interlocked.Read(ref _tokenLifetimeTicks);
                return ticks < 0 ? null : TimeSpan.FromTicks(ticks);
            }
            set => Interlocked.Exchange(ref _tokenLifetimeTicks, value.HasValue ? Math.Max(0, value.Value.Ticks) : -1);
        }
    }
}
