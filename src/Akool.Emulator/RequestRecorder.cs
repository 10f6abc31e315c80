using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.AspNetCore.Http;

namespace Akool.Emulator
{
    /// <summary>
    /// Records each request once, just before its answer's first byte leaves (or its connection is aborted), so a
    /// client that has its answer can already see the record.
    /// </summary>
    internal sealed class RequestRecorder
    {
        private const string RecordedKey = "akool-emulator.recorded";
        private const string FaultKey = "akool-emulator.fault";
        private const string ArrivedKey = "akool-emulator.arrived";
        private readonly object _gate = new object();
        private readonly List<RecordedRequest> _requests = new List<RecordedRequest>();
        private readonly EmulatorClock _clock;
        private readonly TextWriter? _log;

        public RequestRecorder(EmulatorClock clock, TextWriter? log)
        {
            _clock = clock;
            _log = log;
        }

        public IReadOnlyList<RecordedRequest> Snapshot()
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }

        public void Arrived(HttpContext context) => context.Items[ArrivedKey] = _clock.Now;

        public static void MarkFault(HttpContext context, string fault) => context.Items[FaultKey] = fault;

        public void Record(HttpContext context, int? code)
        {
            if (context.Items.ContainsKey(RecordedKey))
            {
                return;
            }

            context.Items[RecordedKey] = true;
            HttpRequest request = context.Request;
            var record = new RecordedRequest(
                request.Method,
                request.Path.Value + request.QueryString.Value,
                context.Response.StatusCode,
                AuthKindOf(request),
                EndpointOf(request.Path),
                code,
                context.Items.TryGetValue(FaultKey, out object? fault) ? fault as string : null,
                context.Items.TryGetValue(ArrivedKey, out object? arrived) && arrived is DateTimeOffset at ? at : _clock.Now);
            lock (_gate)
            {
                _requests.Add(record);
            }

            if (_log is not null)
            {
                string line = string.Format(
                    CultureInfo.InvariantCulture,
                    "{0:HH:mm:ss.fff} {1} {2} -> {3}{4}{5} ({6})",
                    record.Time,
                    record.Method,
                    record.Path,
                    record.StatusCode,
                    record.Code.HasValue ? " code " + record.Code.Value.ToString(CultureInfo.InvariantCulture) : string.Empty,
                    record.Fault is null ? string.Empty : " fault " + record.Fault,
                    record.AuthKind);
                lock (_log)
                {
                    _log.WriteLine(line);
                }
            }
        }

        public static string AuthKindOf(HttpRequest request)
        {
            bool bearer = !string.IsNullOrEmpty(request.Headers.Authorization.ToString());
            bool apiKey = !string.IsNullOrEmpty(request.Headers["x-api-key"].ToString());
            return (bearer, apiKey) switch
            {
                (true, true) => "Both",
                (true, false) => "Bearer",
                (false, true) => "ApiKey",
                _ => "None",
            };
        }

        public static EmulatorEndpoints EndpointOf(PathString path)
        {
            string value = path.Value ?? string.Empty;
            if (value.Equals(Routes.Token, StringComparison.OrdinalIgnoreCase))
            {
                return EmulatorEndpoints.Token;
            }

            if (value.Equals(Routes.Create, StringComparison.OrdinalIgnoreCase))
            {
                return EmulatorEndpoints.Create;
            }

            if (value.Equals(Routes.Status, StringComparison.OrdinalIgnoreCase))
            {
                return EmulatorEndpoints.Status;
            }

            if (value.Equals(Routes.Credit, StringComparison.OrdinalIgnoreCase))
            {
                return EmulatorEndpoints.Credit;
            }

            if (value.Equals(Routes.VoiceList, StringComparison.OrdinalIgnoreCase))
            {
                return EmulatorEndpoints.VoiceList;
            }

            if (value.Equals(Routes.SpeechCreate, StringComparison.OrdinalIgnoreCase))
            {
                return EmulatorEndpoints.SpeechCreate;
            }

            if (value.StartsWith(Routes.SpeechDetailPrefix, StringComparison.OrdinalIgnoreCase))
            {
                return EmulatorEndpoints.SpeechDetail;
            }

            return value.StartsWith(Routes.VideosPrefix, StringComparison.OrdinalIgnoreCase)
                || value.StartsWith(Routes.SpeechPrefix, StringComparison.OrdinalIgnoreCase)
                || value.StartsWith(Routes.VoicePreviewPrefix, StringComparison.OrdinalIgnoreCase)
                ? EmulatorEndpoints.Download
                : EmulatorEndpoints.None;
        }
    }
}
