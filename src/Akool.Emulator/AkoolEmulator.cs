using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Akool.Emulator
{
    /// <summary>
    /// A local stand-in for the Akool open API (talking photo, text to speech, tokens, credit, downloads, webhooks), served by
    /// Kestrel in this process. Start one with <see cref="StartAsync"/>, point a client at <see cref="BaseUri"/>,
    /// inject faults through <see cref="Faults"/>, move time with <see cref="Clock"/>, and inspect what happened.
    /// </summary>
    public sealed class AkoolEmulator : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly WebhookSender _webhooks;
        private int _disposed;

        private AkoolEmulator(EmulatorOptions options, WebApplication app)
        {
            Options = options;
            _app = app;
            Clock = new EmulatorClock();
            Dice = new FaultDice(options.Seed);
            Tokens = new TokenStore(Clock);
            Store = new JobStore(options.InitialCredit, options.IdPrefix ?? string.Empty);
            Speeches = new SpeechStore(Store);
            Recorder = new RequestRecorder(Clock, options.RequestLog);
            _webhooks = new WebhookSender(this);
            BaseUri = new Uri("http://127.0.0.1/");
        }

        /// <summary>Where the emulator listens, without a trailing path (e.g. <c>http://127.0.0.1:41234</c>).</summary>
        public Uri BaseUri { get; private set; }

        /// <summary>The options the emulator was started with.</summary>
        public EmulatorOptions Options { get; }

        /// <summary>The fault switches (the same object as <see cref="EmulatorOptions.Faults"/>); change them at any time.</summary>
        public EmulatorFaults Faults => Options.Faults;

        /// <summary>The emulator's time; shift it instead of sleeping.</summary>
        public EmulatorClock Clock { get; }

        /// <summary>How many creates were processed: a job was made and billed (whether or not the client saw the answer).</summary>
        public int CreateCount => Store.Count;

        /// <summary>A snapshot of every job made so far, oldest first.</summary>
        public IReadOnlyList<EmulatedJob> Jobs => Store.Snapshot();

        /// <summary>A snapshot of every request answered (or aborted) so far, in the order their answers started.</summary>
        public IReadOnlyList<RecordedRequest> Requests => Recorder.Snapshot();

        /// <summary>A snapshot of every webhook callback so far (one per job and status) and how its delivery went.</summary>
        public IReadOnlyList<WebhookDelivery> WebhookDeliveries => _webhooks.Snapshot();

        /// <summary>The account balance; settable at run time (e.g. to run out of credit).</summary>
        public decimal Credit
        {
            get => Store.Credit;
            set => Store.Credit = value;
        }

        internal FaultDice Dice { get; }

        internal TokenStore Tokens { get; }

        internal JobStore Store { get; }

        internal RequestRecorder Recorder { get; }

        internal SpeechStore Speeches { get; }

        /// <summary>How many speech creates were processed (made and billed).</summary>
        public int SpeechCount => Speeches.Count;

        /// <summary>A snapshot of every speech made so far, oldest first.</summary>
        public IReadOnlyList<EmulatedSpeech> SpeechJobs => Speeches.Snapshot();

        /// <summary>The built-in voice catalogue: Akool's voices (<c>type=2</c>) and the account's own (<c>type=1</c>).</summary>
        public static IReadOnlyList<EmulatedVoice> Voices => VoiceCatalogue.All;

        /// <summary>Starts an emulator listening on <paramref name="url"/> (port 0 picks a free port).</summary>
        /// <param name="options">How it behaves; null for the defaults.</param>
        /// <param name="url">The address to listen on. Default <c>http://127.0.0.1:0</c>.</param>
        /// <returns>The running emulator; dispose it to stop.</returns>
        public static async Task<AkoolEmulator> StartAsync(EmulatorOptions? options = null, string url = "http://127.0.0.1:0")
        {
            options ??= new EmulatorOptions();
            Validate(options);

            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                ApplicationName = typeof(AkoolEmulator).Assembly.GetName().Name,
                ContentRootPath = AppContext.BaseDirectory,
                EnvironmentName = Environments.Production,
            });
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls(url);
            if (options.ServerCertificate is not null)
            {
                // The slim builder leaves https out unless asked for.
                builder.WebHost.UseKestrelHttpsConfiguration();
            }

            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxConcurrentConnections = null;
                kestrel.Limits.MaxConcurrentUpgradedConnections = null;
                if (options.ServerCertificate is not null)
                {
                    kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = options.ServerCertificate);
                }
            });

            // The host must not own Ctrl+C: in tests several emulators share a process, and the command line stops
            // the emulator itself.
            builder.Services.AddSingleton<IHostLifetime, NoopHostLifetime>();

            WebApplication app = builder.Build();
            var emulator = new AkoolEmulator(options, app);
            emulator.Map(app);
            await app.StartAsync().ConfigureAwait(false);

            string? address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            emulator.BaseUri = NormalizeBase(address ?? url);
            emulator._webhooks.Start();
            return emulator;
        }

        /// <summary>How many processed creates match <paramref name="predicate"/>.</summary>
        /// <param name="predicate">The test to apply to each job.</param>
        /// <returns>The count.</returns>
        public int CountCreates(Func<EmulatedJob, bool> predicate) => Store.Snapshot().Count(predicate);

        /// <summary>Every bearer token minted so far now answers 1101 (as when tokens expire in the middle of a batch); new ones work.</summary>
        public void ExpireAllTokens() => Tokens.ExpireAll();

        /// <summary>The byte length of job <paramref name="id"/>'s video (what its download serves).</summary>
        /// <param name="id">The job's <c>_id</c>.</param>
        /// <returns>The length in bytes.</returns>
        public long VideoLength(string id) => ContentOf(FindOrThrow(id)).Length;

        /// <summary>The exact bytes job <paramref name="id"/>'s download serves, for byte-exact checks (allocates the whole video).</summary>
        /// <param name="id">The job's <c>_id</c>.</param>
        /// <returns>The bytes.</returns>
        public byte[] VideoBytes(string id) => ContentOf(FindOrThrow(id)).ToArray();

        /// <summary>Stops the webhook sender and the web server.</summary>
        /// <returns>A task that completes when stopped.</returns>
        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            await _webhooks.DisposeAsync().ConfigureAwait(false);
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            {
                // Long downloads and spikes are cut short rather than waited for.
                await _app.StopAsync(timeout.Token).ConfigureAwait(false);
            }

            await _app.DisposeAsync().ConfigureAwait(false);
        }

        /// <summary>The URL of a sample input file or bad case (see <c>SampleInputs</c>): <c>photo.jpg</c>, <c>page.html</c>, <c>loop.jpg</c>, ...</summary>
        /// <param name="name">The sample's name.</param>
        /// <returns>Its absolute URL on this emulator.</returns>
        public string SampleUrl(string name) => new Uri(BaseUri, Routes.SamplesPrefix.TrimStart('/') + name).AbsoluteUri;

        internal string VideoUrl(string id) => new Uri(BaseUri, "videos/" + Uri.EscapeDataString(id) + ".mp4").AbsoluteUri;

        internal VideoContent ContentOf(EmulatedJob job) => new VideoContent(job.Id, Options.VideoSize);

        internal string SpeechUrl(string id) => new Uri(BaseUri, "speech/" + Uri.EscapeDataString(id) + ".mp3").AbsoluteUri;

        internal string VoicePreviewUrl(EmulatedVoice voice) => new Uri(BaseUri, "voices/" + voice.VoiceId + ".mp3").AbsoluteUri;

        private EmulatedJob FindOrThrow(string id) =>
            Store.Find(id) ?? throw new KeyNotFoundException("The emulator has no job with id '" + id + "'.");

        private void Map(WebApplication app)
        {
            var api = new ApiHandlers(this);
            // One CDN for every download URL, so videos, speech MP3s and voice previews share every download fault.
            var files = new CdnFileServer(this);
            var downloads = new DownloadHandler(this, files);
            app.Use(async (context, next) =>
            {
                Recorder.Arrived(context);
                await next(context).ConfigureAwait(false);

                // Anything a handler did not record (unknown paths, wrong methods) is recorded here.
                Recorder.Record(context, null);
            });
            app.MapPost(Routes.Token, api.GetToken);
            app.MapPost(Routes.Create, api.Create);
            app.MapGet(Routes.Status, api.Status);
            app.MapGet(Routes.Credit, api.Credit);
            app.MapMethods(Routes.VideosPrefix + "{file}", new[] { HttpMethods.Get, HttpMethods.Head }, downloads.Serve);
            app.MapGet(Routes.VoiceList, api.VoiceList);
            app.MapPost(Routes.SpeechCreate, api.SpeechCreate);
            app.MapGet(Routes.SpeechDetailPrefix + "{id}", api.SpeechDetail);
            var audio = new SpeechFileHandler(this, files);
            app.MapMethods(Routes.SpeechPrefix + "{file}", new[] { HttpMethods.Get, HttpMethods.Head }, audio.ServeSpeech);
            app.MapMethods(Routes.VoicePreviewPrefix + "{file}", new[] { HttpMethods.Get, HttpMethods.Head }, audio.ServePreview);
            app.MapMethods(Routes.SamplesPrefix + "{file}", new[] { HttpMethods.Get, HttpMethods.Head }, new SampleInputs(files).Serve);
            app.MapGet(Routes.Stats, context => EmulatorStats.Serve(context, this));
        }

        private static void Validate(EmulatorOptions options)
        {
            // Any secret length serves API keys and tokens; only webhooks need an AES key (see CanEncryptWebhooks).
            if (string.IsNullOrEmpty(options.ClientId) || string.IsNullOrEmpty(options.ClientSecret) || string.IsNullOrEmpty(options.ApiKey))
            {
                throw new ArgumentException("ClientId, ClientSecret and ApiKey must not be empty.", nameof(options));
            }

            if (options.Faults is null)
            {
                throw new ArgumentException("Faults must not be null.", nameof(options));
            }
        }

        /// <summary>A wildcard listen address (0.0.0.0, [::], *, +) is not a place a client can call: use localhost for it.</summary>
        private static Uri NormalizeBase(string address)
        {
            var builder = new UriBuilder(address.Replace("://+:", "://localhost:", StringComparison.Ordinal).Replace("://*:", "://localhost:", StringComparison.Ordinal));
            if (builder.Host == "0.0.0.0" || builder.Host == "[::]" || builder.Host == "::")
            {
                builder.Host = "localhost";
            }

            builder.Path = "/";
            return new Uri(builder.Uri.GetLeftPart(UriPartial.Authority));
        }

        private sealed class NoopHostLifetime : IHostLifetime
        {
            public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }
    }
}
