using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;

namespace Akool.Client
{
    internal sealed partial class AkoolClient
    {
        public const int DefaultSpeechCharacterLimit = 5000;

        private const string VoiceListPath = "/api/open/v4/voice/list";
        private const string SpeechCreatePath = "/api/open/v4/voice/tts";
        private const string SpeechDetailPath = "/api/open/v4/voice/resource/detail/";

        // The contract gives size's default (10) but no maximum; 100 keeps a whole catalogue to a few calls, and paging
        // follows what the answers say, so a server that caps the size lower is still read to the end.
        private const int VoicePageSize = 100;

        // A guard against a server that ignores "page" (answering page 1 forever) or reports a count it never reaches.
        private const int MaximumVoicePages = 200;

        public async Task<IReadOnlyList<VoiceInfo>> ListVoicesAsync(VoiceListQuery? query, Action<string>? log, CancellationToken cancellationToken)
        {
            query ??= new VoiceListQuery();
            var voices = new List<VoiceInfo>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            long received = 0;
            for (int page = 1; page <= MaximumVoicePages; page++)
            {
                // An answer without a list is unreadable: SendAsync retries it like any unreadable read.
                (JArray items, long? count, long? size) = await SendAsync(ApiCall.Get("voice list page " + page.ToString(CultureInfo.InvariantCulture), VoiceListPathFor(query, page)),
                    answer => ReadVoicePage(answer["data"]), log, cancellationToken).ConfigureAwait(false);

                int added = 0;
                received += items.Count;
                foreach (JToken item in items)
                {
                    VoiceInfo? voice = VoiceInfo.FromItem(item, query.Own);
                    if (voice != null && seen.Add(voice.Id))
                    {
                        voices.Add(voice);
                        added++;
                    }
                }

                // Done when the count is reached (in items received: an unusable item still counts), the page is empty, or it brought nothing new (page ignored). Without a
                // count, a page shorter than the size the answer says it used is the last one (a server may cap size,
                // so the size we asked for proves nothing); with neither, only an empty page ends the list.
                if (added == 0) break;
                if (count.HasValue ? received >= count.Value : size.HasValue && items.Count < size.Value) break;
            }

            return voices;
        }

        public async Task<SpeechInfo> CreateSpeechAsync(SpeechRequest request, Action<string>? log, CancellationToken cancellationToken, Action<string>? onRepeat = null)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var body = new JObject
            {
                ["input_text"] = request.InputText,
                ["voice_id"] = request.VoiceId,
            };
            if (request.LanguageCode != null) body["language_code"] = request.LanguageCode;
            if (request.VoiceOptions != null && request.VoiceOptions.Count > 0) body["voice_options"] = JObject.FromObject(request.VoiceOptions);
            if (request.WebhookUrl != null) body["webhookUrl"] = request.WebhookUrl;

            // A speech is billed like a video, so it is a create: sent again only when provably not processed.
            // An answer without a usable speech id leaves the outcome unknown (SendAsync), never a retry.
            return await SendAsync(ApiCall.Create("create speech", SpeechCreatePath, body, "speech"), answer => SpeechInfo.FromData(answer["data"]), log, cancellationToken, onRepeat).ConfigureAwait(false);
        }

        public async Task<SpeechInfo> GetSpeechAsync(string id, Action<string>? log, CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(id)) throw new ArgumentException("A speech id is needed.", nameof(id));
            return await SendAsync(ApiCall.Get("speech detail " + id, SpeechDetailPath + Uri.EscapeDataString(id)), answer => SpeechInfo.FromData(answer["data"]), log, cancellationToken).ConfigureAwait(false);
        }

        // Akool keeps results for days, not forever: a journaled MP3 is checked (a one-byte ranged GET, no credentials)
        // before a billed video uses it; 403, 404 and 410 mean it is gone.
        public async Task<bool> IsServedAsync(Uri url, CancellationToken cancellationToken)
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            using (var request = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Get, url))
            {
                timeout.CancelAfter(_options.RequestTimeout);
                request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 0);
                using (System.Net.Http.HttpResponseMessage response = await HttpTrace.SendAsync(DownloadHttp, request, timeout.Token, cancellationToken).ConfigureAwait(false))
                {
                    int status = (int)response.StatusCode;
                    if (status == 403 || status == 404 || status == 410) return false;
                    if (response.IsSuccessStatusCode) return true;
                    throw new AkoolApiException(AkoolErrorKind.ServerUnavailable, $"The speech's MP3 URL answered HTTP {status.ToString(CultureInfo.InvariantCulture)}.", httpStatus: status);
                }
            }
        }

        // By voice_id, then the list's _id, then the name (case-insensitive; a name matching several is no match): Akool's
        // docs leave open which key TTS wants, so the user may give any.
        public static VoiceInfo? FindVoice(IEnumerable<VoiceInfo> voices, string nameOrId)
        {
            if (voices == null) throw new ArgumentNullException(nameof(voices));
            if (string.IsNullOrWhiteSpace(nameOrId)) return null;
            string wanted = nameOrId.Trim();
            VoiceInfo? byId = null;
            var byName = new List<VoiceInfo>();
            foreach (VoiceInfo voice in voices)
            {
                if (string.Equals(voice.VoiceId, wanted, StringComparison.Ordinal)) return voice;
                if (byId == null && string.Equals(voice.Id, wanted, StringComparison.Ordinal)) byId = voice;
                else if (string.Equals(voice.Name, wanted, StringComparison.OrdinalIgnoreCase)) byName.Add(voice);
            }

            return byId ?? (byName.Count == 1 ? byName[0] : null);
        }

        public static int CountCharacters(string? text)
        {
            if (string.IsNullOrEmpty(text)) return 0;
            int count = 0;
            for (int i = 0; i < text!.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
                count++;
            }

            return count;
        }

        private static string VoiceListPathFor(VoiceListQuery query, int page)
        {
            var path = new System.Text.StringBuilder(string.Format(CultureInfo.InvariantCulture, "{0}?type={1}&page={2}&size={3}", VoiceListPath, query.Own ? "1" : "2", page, VoicePageSize));
            foreach ((string name, string? value) in new[] { ("gender", query.Gender), ("age", query.Age), ("style", query.Style), ("scenario", query.Scenario), ("name", query.Name) })
            {
                if (!string.IsNullOrWhiteSpace(value)) path.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value!.Trim()));
            }
            return path.ToString();
        }

        // The contract's page is data: {result, count, page, size}; Akool's list answers differ between products (data an
        // array, the array under list, a count missing or a string), so those are read too.
        private static (JArray Items, long? Count, long? Size) ReadVoicePage(JToken? data)
        {
            if (data is JArray bare) return (bare, null, null);
            JObject? obj = data as JObject;
            JArray items = obj?["result"] as JArray ?? obj?["list"] as JArray
                ?? throw new AkoolApiException(AkoolErrorKind.InvalidResponse, "Akool's voice list answer has no list of voices (data.result).");
            long? count = JsonRead.Integer(obj!["count"]) ?? JsonRead.Integer(obj["total"]);
            return (items, count, JsonRead.Integer(obj["size"]));
        }
    }
}
