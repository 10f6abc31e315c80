using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Akool.Emulator
{
    /// <summary>
    /// Watches the jobs that carry a <c>webhookUrl</c> (every 50 ms, by the emulator clock) and posts Akool-style
    /// signed, encrypted callbacks for their status 2 and final (3 or 4) transitions, in order, retrying each until
    /// the receiver answers 200 or the attempts run out.
    /// </summary>
    internal sealed class WebhookSender : IAsyncDisposable
    {
        private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
        private readonly AkoolEmulator _emulator;
        private readonly HttpClient _http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly object _gate = new object();
        private readonly Dictionary<string, int> _notifiedThrough = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly HashSet<string> _busy = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<Entry> _deliveries = new List<Entry>();
        private readonly List<Task> _running = new List<Task>();
        private readonly byte[] _key;
        private readonly byte[] _iv;
        private Task? _loop;

        public WebhookSender(AkoolEmulator emulator)
        {
            _emulator = emulator;
            _key = Encoding.UTF8.GetBytes(emulator.Options.ClientSecret);
            _iv = new byte[16];
            byte[] clientId = Encoding.UTF8.GetBytes(emulator.Options.ClientId);
            Array.Copy(clientId, _iv, Math.Min(16, clientId.Length));
        }

        public void Start() => _loop = Task.Run(() => LoopAsync(_stop.Token));

        public IReadOnlyList<WebhookDelivery> Snapshot()
        {
            lock (_gate)
            {
                var list = new List<WebhookDelivery>(_deliveries.Count);
                foreach (Entry entry in _deliveries)
                {
                    list.Add(new WebhookDelivery(entry.JobId, entry.Url, entry.Status, entry.Attempts, entry.Delivered, entry.LastHttpStatus));
                }

                return list;
            }
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            Task[] running;
            lock (_gate)
            {
                running = _running.ToArray();
            }

            try
            {
                if (_loop is not null)
                {
                    await _loop.ConfigureAwait(false);
                }

                await Task.WhenAll(running).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping is the point.
            }

            _http.Dispose();
            _stop.Dispose();
        }

        /// <summary>Builds the callback body exactly as Akool does (public so tests and docs can agree on it).</summary>
        internal string BuildBody(EmulatedJob job, int status, long timestamp, string nonce)
        {
            var buffer = new ArrayBufferWriter<byte>(256);
            using (var writer = new Utf8JsonWriter(buffer, ApiAnswer.WriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteString("_id", job.Id);
                writer.WriteNumber("status", status);
                writer.WriteString("type", "talking photo");
                writer.WriteString("url", status == 3 ? _emulator.VideoUrl(job.Id) : string.Empty);
                writer.WriteNumber("deduction_credit", job.DeductionCredit);
                writer.WriteEndObject();
            }

            string dataEncrypt;
            using (Aes aes = Aes.Create())
            {
                aes.Key = _key;
                dataEncrypt = Convert.ToBase64String(aes.EncryptCbc(buffer.WrittenSpan, _iv, PaddingMode.PKCS7));
            }

            string timestampText = timestamp.ToString(CultureInfo.InvariantCulture);
            string[] parts = { _emulator.Options.ClientId, timestampText, nonce, dataEncrypt };
            Array.Sort(parts, StringComparer.Ordinal);
            // CA5350: Akool defines its callback signature as SHA-1; the emulator must sign the same way.
#pragma warning disable CA5350
            string signature = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts))));
#pragma warning restore CA5350

            var body = new ArrayBufferWriter<byte>(512);
            using (var writer = new Utf8JsonWriter(body, ApiAnswer.WriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteString("signature", signature);
                writer.WriteString("dataEncrypt", dataEncrypt);
                writer.WriteNumber("timestamp", timestamp);
                writer.WriteString("nonce", nonce);
                writer.WriteEndObject();
            }

            return Encoding.UTF8.GetString(body.WrittenSpan);
        }

        private async Task LoopAsync(CancellationToken stop)
        {
            using var timer = new PeriodicTimer(PollInterval);
            try
            {
                while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
                {
                    Scan(stop);
                }
            }
            catch (OperationCanceledException)
            {
                // Disposed.
            }
        }

        private void Scan(CancellationToken stop)
        {
            DateTimeOffset now = _emulator.Clock.Now;
            foreach (EmulatedJob job in _emulator.Store.WithWebhooks())
            {
                if (job.WebhookUrl is null)
                {
                    continue;
                }

                int status = job.StatusAt(now);
                var due = new List<int>(2);
                lock (_gate)
                {
                    _notifiedThrough.TryGetValue(job.Id, out int through);
                    if (_busy.Contains(job.Id) || status < 2 || through >= status)
                    {
                        continue;
                    }

                    // A clock jump straight to the end still reports "processing" first, as the real service would have.
                    if (through < 2)
                    {
                        due.Add(2);
                    }

                    if (status > 2)
                    {
                        due.Add(status);
                    }

                    _notifiedThrough[job.Id] = status;
                    _busy.Add(job.Id);
                    _running.RemoveAll(t => t.IsCompleted);
                    _running.Add(Task.Run(() => DeliverAllAsync(job, due, stop), stop));
                }
            }
        }

        private async Task DeliverAllAsync(EmulatedJob job, List<int> statuses, CancellationToken stop)
        {
            try
            {
                foreach (int status in statuses)
                {
                    await DeliverAsync(job, status, stop).ConfigureAwait(false);
                }
            }
            finally
            {
                lock (_gate)
                {
                    _busy.Remove(job.Id);
                }
            }
        }

        private async Task DeliverAsync(EmulatedJob job, int status, CancellationToken stop)
        {
            var entry = new Entry(job.Id, job.WebhookUrl!, status);
            lock (_gate)
            {
                _deliveries.Add(entry);
            }

            EmulatorOptions options = _emulator.Options;
            for (int attempt = 1; attempt <= Math.Max(1, options.WebhookMaxAttempts); attempt++)
            {
                if (attempt > 1)
                {
                    await Task.Delay(options.WebhookRetryInterval, stop).ConfigureAwait(false);
                }

                string nonce = _emulator.Dice.Next(1000, 10000).ToString(CultureInfo.InvariantCulture);
                // Real time, not the emulator clock: the timestamp says when this POST is sent, and receivers that
                // reject stale callbacks (replay protection) must not be fooled by a test shifting the clock.
                string body = BuildBody(job, status, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), nonce);
                int? httpStatus = null;
                try
                {
                    using var content = new StringContent(body, Encoding.UTF8, "application/json");
                    using HttpResponseMessage response = await _http.PostAsync(job.WebhookUrl, content, stop).ConfigureAwait(false);
                    httpStatus = (int)response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    // Unreachable receiver: counts as a failed attempt.
                }
                catch (TaskCanceledException) when (!stop.IsCancellationRequested)
                {
                    // The receiver timed out: a failed attempt.
                }

                lock (_gate)
                {
                    entry.Attempts = attempt;
                    entry.LastHttpStatus = httpStatus;
                    entry.Delivered = httpStatus == 200;
                }

                if (httpStatus == 200)
                {
                    return;
                }
            }
        }

        private sealed class Entry
        {
            public Entry(string jobId, string url, int status)
            {
                JobId = jobId;
                Url = url;
                Status = status;
            }

            public string JobId { get; }

            public string Url { get; }

            public int Status { get; }

            public int Attempts { get; set; }

            public bool Delivered { get; set; }

            public int? LastHttpStatus { get; set; }
        }
    }
}
