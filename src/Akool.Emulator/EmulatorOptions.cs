using System;
using System.IO;

namespace Akool.Emulator
{
    /// <summary>How an <see cref="AkoolEmulator"/> behaves. Read when the emulator starts, except where noted.</summary>
    public sealed class EmulatorOptions
    {
        private string? _apiKey;

        /// <summary>The client id that <c>getToken</c> accepts; also the webhook IV and part of the webhook signature.</summary>
        public string ClientId { get; set; } = "emulator-client";

        /// <summary>
        /// Said when a create asks for a webhook but <see cref="ClientSecret"/> cannot be the AES key that encrypts it.
        /// </summary>
        public const string WebhookKeyProblem =
            "webhooks are off: the client secret is the AES key of the callbacks and must be 16, 24 or 32 bytes; start the emulator with such a --client-secret to use webhookUrl";

        /// <summary>
        /// The client secret that <c>getToken</c> accepts (any non-empty value); also the webhook AES key, so webhook
        /// callbacks need its UTF-8 form to be 16, 24 or 32 bytes (see <see cref="CanEncryptWebhooks"/>). Default
        /// 32 characters (AES-256), like real Akool secrets.
        /// </summary>
        public string ClientSecret { get; set; } = "emulator-secret-0123456789abcdef";

        /// <summary>
        /// True when <see cref="ClientSecret"/> is an AES key length. When false everything works except creates
        /// with a <c>webhookUrl</c>, which answer 1003 saying why.
        /// </summary>
        public bool CanEncryptWebhooks
        {
            get
            {
                int bytes = System.Text.Encoding.UTF8.GetByteCount(ClientSecret ?? string.Empty);
                return bytes == 16 || bytes == 24 || bytes == 32;
            }
        }

        /// <summary>The value <c>x-api-key</c> must carry. Defaults to <see cref="ClientSecret"/>: on Akool the API key is the client secret.</summary>
        public string ApiKey
        {
            get => _apiKey ?? ClientSecret;
            set => _apiKey = value;
        }

        /// <summary>How long a new job stays in status 1 (queueing). Default 0.5 s. Captured per job when it is created.</summary>
        public TimeSpan QueueTime { get; set; } = TimeSpan.FromSeconds(0.5);

        /// <summary>
        /// How long a job then stays in status 2 (processing): it completes (3, or 4 for <see cref="FailMarker"/>) at
        /// create time + <see cref="QueueTime"/> + <see cref="ProcessingTime"/>. Default 2 s. Captured per job.
        /// </summary>
        public TimeSpan ProcessingTime { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>
        /// Put before every id the emulator makes (videos and speech). Default none: 24 lower-case hex digits, the
        /// shape Akool's ids have today. Akool's contract promises no shape, so tests use a prefix with characters
        /// that must be URL-escaped (for example <c>tp+v2:</c>) to check a client takes any id it is given.
        /// </summary>
        public string IdPrefix { get; set; } = string.Empty;

        /// <summary>The account balance at start. Default 100000.</summary>
        public decimal InitialCredit { get; set; } = 100000m;

        /// <summary>What each create costs. A create with less credit left answers 1104 and makes nothing. Default 10.</summary>
        public decimal CreditPerVideo { get; set; } = 10m;

        /// <summary>
        /// The byte size of each served video. 0 (default) or anything smaller than the minimum gives the minimum: the
        /// embedded clip plus a small <c>free</c> box naming the job (so every job's bytes differ). Larger values are
        /// reached by padding that <c>free</c> box; the bytes are generated on the fly, so 1 GiB costs no memory.
        /// </summary>
        public long VideoSize { get; set; }

        /// <summary>
        /// A <c>talking_photo_url</c> containing this makes the job fail (status 4, with <c>error_code</c> and
        /// <c>error_reason</c>); an <c>input_text</c> containing it makes the speech fail (status 4).
        /// </summary>
        public string FailMarker { get; set; } = "akool-fail";

        /// <summary>
        /// When true, a create downloads its <c>talking_photo_url</c> and <c>audio_url</c> first, as Akool does, and the
        /// job fails (status 4, the cause in <c>error_reason</c>) when they are not an image and an audio file. Default
        /// false: tests and examples use made-up URLs no one serves.
        /// </summary>
        public bool FetchInputs { get; set; }

        /// <summary>A <c>talking_photo_url</c> containing this makes the job complete, but its video URL answers 404 (as if past the 7 days).</summary>
        public string ExpiredMarker { get; set; } = "akool-expired";

        /// <summary>Video URLs answer 404 once <see cref="EmulatorClock.Now"/> is past create time + this. Default 7 days.</summary>
        public TimeSpan ResultLifetime { get; set; } = TimeSpan.FromDays(7);

        /// <summary>Seeds the fault dice, for deterministic tests. Null (default): a random seed.</summary>
        public int? Seed { get; set; }

        /// <summary>The pause between attempts to deliver one webhook callback. Default 200 ms (real time).</summary>
        public TimeSpan WebhookRetryInterval { get; set; } = TimeSpan.FromMilliseconds(200);

        /// <summary>How many times one webhook callback is tried before giving up. Default 5.</summary>
        public int WebhookMaxAttempts { get; set; } = 5;

        /// <summary>
        /// The most characters one text-to-speech request may carry; more answers 1003 and bills nothing. Default
        /// 5,000 (Akool's smallest plan).
        /// </summary>
        public int SpeechCharacterLimit { get; set; } = 5000;

        /// <summary>What 1,000 characters of speech cost; each speech is billed its characters at this rate. Default 5.</summary>
        public decimal CreditPerThousandCharacters { get; set; } = 5m;

        /// <summary>The fault switches; the same object as <see cref="AkoolEmulator.Faults"/>, changeable at run time.</summary>
        public EmulatorFaults Faults { get; set; } = new EmulatorFaults();

        /// <summary>
        /// The certificate for an <c>https://</c> listen address (tests make a self-signed one); null for plain http.
        /// </summary>
        public System.Security.Cryptography.X509Certificates.X509Certificate2? ServerCertificate { get; set; }

        /// <summary>When set, one line per request is written here (the command line sets the console). Default null.</summary>
        public TextWriter? RequestLog { get; set; }
    }
}
