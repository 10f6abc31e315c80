using System;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Akool.Emulator
{
    /// <summary>
    /// The JSON endpoints (text to speech in ApiHandlers.Voice.cs). Every request runs the same pipeline: latency, spike, the "not processed" faults,
    /// authentication, the endpoint's own work, then the drop-connection fault.
    /// </summary>
    internal sealed partial class ApiHandlers
    {
        private const int HugeAnswerBytes = 20 * 1024 * 1024;
        private readonly AkoolEmulator _emulator;

        public ApiHandlers(AkoolEmulator emulator) => _emulator = emulator;

        private EmulatorFaults Faults => _emulator.Faults;

        private FaultDice Dice => _emulator.Dice;

        public Task GetToken(HttpContext context) => Run(context, EmulatorEndpoints.Token, requiresAuth: false, ProcessGetToken);

        public Task Create(HttpContext context) => Run(context, EmulatorEndpoints.Create, requiresAuth: true, ProcessCreate);

        public Task Status(HttpContext context) => Run(context, EmulatorEndpoints.Status, requiresAuth: true, ProcessStatus);

        public Task Credit(HttpContext context) => Run(context, EmulatorEndpoints.Credit, requiresAuth: true, _ => Task.FromResult(ApiAnswer.Credit(_emulator.Credit)));

        private async Task Run(HttpContext context, EmulatorEndpoints endpoint, bool requiresAuth, Func<HttpContext, Task<ApiAnswer>> process)
        {
            CancellationToken aborted = context.RequestAborted;
            try
            {
                TimeSpan latency = Faults.Latency;
                if (latency > TimeSpan.Zero)
                {
                    await Task.Delay(latency, aborted).ConfigureAwait(false);
                }

                if (Dice.Roll(Faults.LatencySpike, endpoint))
                {
                    RequestRecorder.MarkFault(context, nameof(EmulatorFaults.LatencySpike));
                    await Task.Delay(Faults.LatencySpikeDuration, aborted).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // The client gave up while we were "slow": nothing is processed, as on the real service.
                _emulator.Recorder.Record(context, null);
                return;
            }

            if (await HttpFaults.TryAnswerNotProcessedAsync(context, endpoint, Faults, Dice, _emulator.Recorder).ConfigureAwait(false))
            {
                return;
            }

            if (Dice.Roll(Faults.MissingCode, endpoint))
            {
                RequestRecorder.MarkFault(context, nameof(EmulatorFaults.MissingCode));
                await WriteRawJsonAsync(context, "{\"msg\":\"OK\",\"data\":{}}", null).ConfigureAwait(false);
                return;
            }

            if (Dice.Roll(Faults.Html200Answer, endpoint))
            {
                RequestRecorder.MarkFault(context, nameof(EmulatorFaults.Html200Answer));
                byte[] page = Encoding.UTF8.GetBytes("<!DOCTYPE html><html><head><title>Sign in</title></head><body><h1>Please sign in to continue</h1></body></html>");
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "text/html; charset=utf-8";
                context.Response.ContentLength = page.Length;
                _emulator.Recorder.Record(context, null);
                await context.Response.Body.WriteAsync(page, context.RequestAborted).ConfigureAwait(false);
                return;
            }

            if (Dice.Roll(Faults.HugeAnswer, endpoint))
            {
                RequestRecorder.MarkFault(context, nameof(EmulatorFaults.HugeAnswer));
                await WriteHugeAnswerAsync(context).ConfigureAwait(false);
                return;
            }

            if (Dice.Roll(Faults.Code1005, endpoint))
            {
                RequestRecorder.MarkFault(context, nameof(EmulatorFaults.Code1005));
                await WriteAsync(context, ApiAnswer.Error(1005)).ConfigureAwait(false);
                return;
            }

            if (requiresAuth)
            {
                int authCode = Authenticate(context.Request);
                if (authCode != 1000)
                {
                    await WriteAsync(context, ApiAnswer.Error(authCode)).ConfigureAwait(false);
                    return;
                }
            }

            ApiAnswer answer = await process(context).ConfigureAwait(false);

            if (Dice.Roll(Faults.ApiRedirect, endpoint))
            {
                // Processed (a create made and billed its job), and then sent elsewhere: a client that follows
                // would send the request, with its credentials, a second time.
                RequestRecorder.MarkFault(context, nameof(EmulatorFaults.ApiRedirect));
                Uri target = Faults.RedirectTo ?? new Uri(context.Request.Scheme + "://" + context.Request.Host.Value);
                context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
                context.Response.Headers.Location = new Uri(target, context.Request.Path.Value + context.Request.QueryString.Value).ToString();
                context.Response.ContentLength = 0;
                _emulator.Recorder.Record(context, null);
                return;
            }

            if (answer.Code == 1000 && Dice.Roll(Faults.OddCreateAnswer, endpoint))
            {
                RequestRecorder.MarkFault(context, nameof(EmulatorFaults.OddCreateAnswer));
                await WriteRawJsonAsync(context, "{\"code\":1000,\"msg\":\"OK\",\"data\":{}}", 1000).ConfigureAwait(false);
                return;
            }

            if (Dice.Roll(Faults.DropConnection, endpoint))
            {
                RequestRecorder.MarkFault(context, nameof(EmulatorFaults.DropConnection));
                _emulator.Recorder.Record(context, null);
                context.Abort();
                return;
            }

            await WriteAsync(context, answer).ConfigureAwait(false);
        }

        /// <summary>Akool's rule: <c>Authorization</c> wins when present (x-api-key is then ignored); neither gives 1102.</summary>
        private int Authenticate(HttpRequest request)
        {
            string authorization = request.Headers.Authorization.ToString();
            if (!string.IsNullOrEmpty(authorization))
            {
                const string Scheme = "Bearer ";
                if (!authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
                {
                    return 1101;
                }

                string token = authorization.Substring(Scheme.Length).Trim();
                return token.Length > 0 && _emulator.Tokens.IsValid(token, Faults.TokenLifetime) ? 1000 : 1101;
            }

            string apiKey = request.Headers["x-api-key"].ToString();
            if (string.IsNullOrEmpty(apiKey))
            {
                return 1102;
            }

            return FixedTimeEquals(apiKey, _emulator.Options.ApiKey) ? 1000 : 1101;
        }

        private async Task<ApiAnswer> ProcessGetToken(HttpContext context)
        {
            using JsonDocument? body = await ReadJsonAsync(context).ConfigureAwait(false);
            if (body is null || body.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ApiAnswer.Error(1003);
            }

            string? clientId = StringProperty(body.RootElement, "clientId");
            string? clientSecret = StringProperty(body.RootElement, "clientSecret");
            if (string.IsNullOrWhiteSpace(clientId) || string.IsNullOrWhiteSpace(clientSecret))
            {
                return ApiAnswer.Error(1003);
            }

            bool ok = FixedTimeEquals(clientId, _emulator.Options.ClientId) & FixedTimeEquals(clientSecret, _emulator.Options.ClientSecret);
            return ok ? ApiAnswer.Token(_emulator.Tokens.Mint()) : ApiAnswer.Error(1101);
        }

        private async Task<ApiAnswer> ProcessCreate(HttpContext context)
        {
            using JsonDocument? body = await ReadJsonAsync(context).ConfigureAwait(false);
            if (body is null || body.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ApiAnswer.Error(1003);
            }

            JsonElement root = body.RootElement;
            string? photo = StringProperty(root, "talking_photo_url");
            string? audio = StringProperty(root, "audio_url");
            if (!IsHttpUrl(photo) || !IsHttpUrl(audio))
            {
                return ApiAnswer.Error(1003);
            }

            if (!TryOptional(root, "webhookUrl", out string? webhook) || (webhook is not null && !IsHttpUrl(webhook)))
            {
                return ApiAnswer.Error(1003);
            }

            if (webhook is not null && !_emulator.Options.CanEncryptWebhooks)
            {
                // Real Akool secrets are always AES keys; a short test secret works for everything but this.
                return ApiAnswer.Envelope(1003, EmulatorOptions.WebhookKeyProblem);
            }

            if (!TryOptional(root, "resolution", out string? resolution) || (resolution is not null && resolution != "720" && resolution != "1080"))
            {
                return ApiAnswer.Error(1003);
            }

            if (!TryOptional(root, "prompt", out string? prompt))
            {
                return ApiAnswer.Error(1003);
            }

            EmulatorOptions options = _emulator.Options;
            // Akool bills the create and fails the job later when it cannot use the files.
            string? inputProblem = options.FetchInputs ? await SampleInputs.ProblemAsync(photo!, audio!, context.RequestAborted).ConfigureAwait(false) : null;
            DateTimeOffset now = _emulator.Clock.Now;
            EmulatedJob? job = _emulator.Store.TryCreate(options.CreditPerVideo, now, id => new EmulatedJob(
                id,
                photo!,
                audio!,
                webhook,
                resolution,
                prompt,
                now,
                options.QueueTime,
                options.ProcessingTime,
                fails: Contains(photo!, options.FailMarker) || inputProblem is not null,
                expired: Contains(photo!, options.ExpiredMarker),
                options.CreditPerVideo,
                _emulator.Clock,
                inputProblem));
            if (job is null)
            {
                return ApiAnswer.Error(1104);
            }

            return ApiAnswer.Job(job, job.StatusAt(now), _emulator.VideoUrl(job.Id), isInfo: false);
        }

        private Task<ApiAnswer> ProcessStatus(HttpContext context)
        {
            string id = context.Request.Query["video_model_id"].ToString();
            if (string.IsNullOrWhiteSpace(id))
            {
                return Task.FromResult(ApiAnswer.Error(1003));
            }

            EmulatedJob? job = _emulator.Store.Find(id);
            if (job is null)
            {
                // Unknown and malformed ids look the same on Akool: "the content does not exist".
                return Task.FromResult(ApiAnswer.Error(1008));
            }

            return Task.FromResult(ApiAnswer.Job(job, job.Status, _emulator.VideoUrl(job.Id), isInfo: true));
        }

        private static async Task<JsonDocument?> ReadJsonAsync(HttpContext context)
        {
            try
            {
                return await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static string? StringProperty(JsonElement root, string name) =>
            root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        /// <summary>An optional string: absent or null is fine (value null); present it must be a string.</summary>
        private static bool TryOptional(JsonElement root, string name, out string? value)
        {
            value = null;
            if (!root.TryGetProperty(name, out JsonElement element) || element.ValueKind == JsonValueKind.Null)
            {
                return true;
            }

            if (element.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            value = element.GetString();
            return true;
        }

        private static bool IsHttpUrl(string? value) =>
            !string.IsNullOrWhiteSpace(value)
            && Uri.TryCreate(value, UriKind.Absolute, out Uri? uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && !string.IsNullOrEmpty(uri.Host);

        private static bool Contains(string value, string marker) => !string.IsNullOrEmpty(marker) && value.Contains(marker, StringComparison.OrdinalIgnoreCase);

        private static bool FixedTimeEquals(string given, string expected) =>
            System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

        private async Task WriteAsync(HttpContext context, ApiAnswer answer)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = answer.Body.Length;
            _emulator.Recorder.Record(context, answer.Code);
            await context.Response.Body.WriteAsync(answer.Body, context.RequestAborted).ConfigureAwait(false);
        }

        private async Task WriteRawJsonAsync(HttpContext context, string json, int? code)
        {
            byte[] body = Encoding.UTF8.GetBytes(json);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = body.Length;
            _emulator.Recorder.Record(context, code);
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }

        /// <summary>About 20 MB of valid JSON, written in chunks so the emulator itself never holds it.</summary>
        private async Task WriteHugeAnswerAsync(HttpContext context)
        {
            byte[] head = Encoding.UTF8.GetBytes("{\"code\":1015,\"msg\":\"" + ApiAnswer.MessageFor(1015) + "\",\"data\":null,\"debug_trace\":\"");
            byte[] tail = Encoding.UTF8.GetBytes("\"}");
            byte[] chunk = new byte[64 * 1024];
            chunk.AsSpan().Fill((byte)'x');
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = head.Length + HugeAnswerBytes + tail.Length;
            _emulator.Recorder.Record(context, 1015);
            try
            {
                await context.Response.Body.WriteAsync(head, context.RequestAborted).ConfigureAwait(false);
                for (int left = HugeAnswerBytes; left > 0; left -= chunk.Length)
                {
                    await context.Response.Body.WriteAsync(chunk.AsMemory(0, Math.Min(left, chunk.Length)), context.RequestAborted).ConfigureAwait(false);
                }

                await context.Response.Body.WriteAsync(tail, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The client stopped reading (as a size-capped client should); nothing more to do.
            }
        }
    }
}
