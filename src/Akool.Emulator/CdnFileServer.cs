using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Akool.Emulator
{
    /// <summary>
    /// Serves files like a CDN, for every download URL the emulator hands out (videos, speech MP3s, voice previews):
    /// no authentication, <c>HEAD</c>, single <c>Range</c> requests (206, 416), 404 for what is not servable, and
    /// every download fault (as <see cref="EmulatorEndpoints.Download"/>). One path for all of them, so a fault added
    /// here strikes every kind of download the module makes, not only videos.
    /// </summary>
    internal sealed class CdnFileServer
    {
        private const int ChunkSize = 64 * 1024;
        private readonly AkoolEmulator _emulator;

        public CdnFileServer(AkoolEmulator emulator) => _emulator = emulator;

        /// <summary>
        /// Answers the request with what <paramref name="find"/> returns (null: 404). The lookup is a callback, called
        /// after the latency spike and the not-processed faults, so a file is judged servable at the time it is served.
        /// </summary>
        public async Task ServeAsync(HttpContext context, Func<ServedFile?> find)
        {
            EmulatorFaults faults = _emulator.Faults;
            FaultDice dice = _emulator.Dice;
            if (dice.Roll(faults.LatencySpike, EmulatorEndpoints.Download))
            {
                RequestRecorder.MarkFault(context, nameof(EmulatorFaults.LatencySpike));
                try
                {
                    await Task.Delay(faults.LatencySpikeDuration, context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _emulator.Recorder.Record(context, null);
                    return;
                }
            }

            if (await HttpFaults.TryAnswerNotProcessedAsync(context, EmulatorEndpoints.Download, faults, dice, _emulator.Recorder).ConfigureAwait(false))
            {
                return;
            }

            ServedFile? file = find();
            if (file is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                context.Response.ContentType = "text/plain";
                _emulator.Recorder.Record(context, null);
                if (!HttpMethods.IsHead(context.Request.Method))
                {
                    await context.Response.WriteAsync("Not Found", context.RequestAborted).ConfigureAwait(false);
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

            if (!context.Request.Query.ContainsKey("redirected") && dice.Roll(faults.DownloadRedirect, EmulatorEndpoints.Download))
            {
                RequestRecorder.MarkFault(context, nameof(EmulatorFaults.DownloadRedirect));
                context.Response.StatusCode = StatusCodes.Status302Found;
                context.Response.Headers.Location = context.Request.Path.Value + "?redirected=1";
                context.Response.ContentLength = 0;
                _emulator.Recorder.Record(context, null);
                return;
            }

            IServedContent content = file.Content;
            long length = content.Length;
            HttpResponse response = context.Response;
            response.ContentType = file.ContentType;
            response.Headers.AcceptRanges = "bytes";
            if (file.ETag is not null)
            {
                response.Headers.ETag = file.ETag;
            }

            response.Headers.LastModified = file.LastModified.ToString("R", CultureInfo.InvariantCulture);

            long start = 0;
            long end = length - 1;
            if (TryGetRange(context.Request, length, out long rangeStart, out long rangeEnd, out bool unsatisfiable))
            {
                start = rangeStart;
                end = rangeEnd;
                response.StatusCode = StatusCodes.Status206PartialContent;
                bool hideTotal = dice.Roll(faults.UnknownTotalRange, EmulatorEndpoints.Download);
                if (hideTotal)
                {
                    RequestRecorder.MarkFault(context, nameof(EmulatorFaults.UnknownTotalRange));
                }

                response.Headers.ContentRange = string.Format(CultureInfo.InvariantCulture, "bytes {0}-{1}/{2}", start, end, hideTotal ? "*" : length.ToString(CultureInfo.InvariantCulture));
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
            if (dice.Roll(faults.GzipDownload, EmulatorEndpoints.Download))
            {
                RequestRecorder.MarkFault(context, nameof(EmulatorFaults.GzipDownload));
                byte[] compressed = Compress(content, start, count);
                response.Headers.ContentEncoding = "gzip";
                response.ContentLength = compressed.Length;
                _emulator.Recorder.Record(context, null);
                if (!HttpMethods.IsHead(context.Request.Method))
                {
                    await response.Body.WriteAsync(compressed, context.RequestAborted).ConfigureAwait(false);
                }

                return;
            }

            response.ContentLength = count;
            if (dice.Roll(faults.DripDownload, EmulatorEndpoints.Download))
            {
                RequestRecorder.MarkFault(context, nameof(EmulatorFaults.DripDownload));
                _emulator.Recorder.Record(context, null);
                await DripAsync(context, content, start, count, faults.DripInterval).ConfigureAwait(false);
                return;
            }

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

            long limit = cut ? count / 2 : count;
            await WriteRangeAsync(context, content, start, limit, context.RequestAborted).ConfigureAwait(false);
            if (cut)
            {
                // The promised Content-Length is never reached: the client must notice the short body.
                await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                context.Abort();
            }
        }

        /// <summary>One satisfiable byte range: true. Several ranges, or a malformed header, are ignored (the whole file).</summary>
        internal static bool TryGetRange(HttpRequest request, long length, out long start, out long end, out bool unsatisfiable)
        {
            start = 0;
            end = length - 1;
            unsatisfiable = false;
            string header = request.Headers.Range.ToString();
            if (string.IsNullOrEmpty(header)
                || !RangeHeaderValue.TryParse(header, out RangeHeaderValue? range)
                || !string.Equals(range.Unit.Value, "bytes", StringComparison.OrdinalIgnoreCase)
                || range.Ranges.Count != 1)
            {
                return false;
            }

            RangeItemHeaderValue item = First(range);
            if (item.From.HasValue)
            {
                if (item.From.Value >= length)
                {
                    unsatisfiable = true;
                    return false;
                }

                start = item.From.Value;
                end = item.To.HasValue ? Math.Min(item.To.Value, length - 1) : length - 1;
                return true;
            }

            if (!item.To.HasValue || item.To.Value == 0)
            {
                unsatisfiable = true;
                return false;
            }

            start = Math.Max(0, length - item.To.Value);
            return true;
        }

        private static RangeItemHeaderValue First(RangeHeaderValue range)
        {
            foreach (RangeItemHeaderValue item in range.Ranges)
            {
                return item;
            }

            throw new InvalidOperationException("A range header with no range.");
        }

        private static byte[] Compress(IServedContent content, long offset, long count)
        {
            byte[] plain = new byte[count];
            int filled = 0;
            while (filled < count)
            {
                int n = content.Read(offset + filled, plain.AsSpan(filled));
                if (n == 0)
                {
                    break;
                }

                filled += n;
            }

            using var output = new MemoryStream();
            using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(plain, 0, filled);
            }

            return output.ToArray();
        }

        /// <summary>One byte at a time, each after <paramref name="interval"/>, until the client goes away.</summary>
        private static async Task DripAsync(HttpContext context, IServedContent content, long offset, long count, TimeSpan interval)
        {
            byte[] one = new byte[1];
            try
            {
                for (long i = 0; i < count; i++)
                {
                    await Task.Delay(interval, context.RequestAborted).ConfigureAwait(false);
                    if (content.Read(offset + i, one) == 0)
                    {
                        break;
                    }

                    await context.Response.Body.WriteAsync(one, context.RequestAborted).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // The client gave up on the drip.
            }
            catch (IOException)
            {
            }
        }

        private static async Task WriteRangeAsync(HttpContext context, IServedContent content, long offset, long count, CancellationToken cancellation)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
            try
            {
                while (count > 0)
                {
                    int n = content.Read(offset, buffer.AsSpan(0, (int)Math.Min(ChunkSize, count)));
                    if (n == 0)
                    {
                        break;
                    }

                    await context.Response.Body.WriteAsync(buffer.AsMemory(0, n), cancellation).ConfigureAwait(false);
                    offset += n;
                    count -= n;
                }
            }
            catch (OperationCanceledException)
            {
                // The client went away mid-download; nothing to clean up.
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
