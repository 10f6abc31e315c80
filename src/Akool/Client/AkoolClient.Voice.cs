using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;

namespace Akool.Client
{
    /// <summary>Akool's VoiceLab v4 text to speech: the voice list, the speech create and the speech detail.</summary>
    internal sealed partial class AkoolClient
    {
        /// <summary>The most characters one speech may carry on Akool's smallest plan; larger plans allow more.</summary>
        public const int DefaultSpeechCharacterLimit = 5000;

        private const string VoiceListPath = "/api/open/v4/voice/list";
        private const string SpeechCreatePath = "/api/open/v4/voice/tts";
        private const string SpeechDetailPath = "/api/open/v4/voice/resource/detail/";

        // The contract gives size's default (10) but no maximum; 100 keeps a whole catalogue to a few calls, and paging
        // follows what the answers say, so a server that caps the size lower is still read to the end.
        private const int VoicePageSize = 100;

        // A guard against a server that ignores "page" (answering page 1 forever) or reports a count it never reaches.
        private const int MaximumVoicePages = 200;

        /// <summary>Lists every voice the query matches, reading page after page until Akool's count is reached; in Akool's order, each once.</summary>
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

        /// <summary>Creates a speech (asynchronous at Akool: poll <see cref="GetSpeechAsync"/>). Never repeats a create Akool may have processed.</summary>
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

        /// <summary>Reads a speech's status and, once completed, its MP3 URL.</summary>
        public async Task<SpeechInfo> GetSpeechAsync(string id, Action<string>? log, CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(id)) throw new ArgumentException("A speech id is needed.", nameof(id));
            return await SendAsync(ApiCall.Get("speech detail " + id, SpeechDetailPath + Uri.EscapeDataString(id)), answer => SpeechInfo.FromData(answer["data"]), log, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Whether the speech's MP3 at <paramref name="url"/> is still served (a one-byte ranged GET through the download
        /// client, without credentials): false for 403, 404 or 410, which is how a result that is gone answers.
        /// Akool keeps results for days, not forever, so a journaled MP3 URL is checked before a billed video uses it.
        /// Any other answer that is not a success throws <see cref="AkoolApiException"/> (ServerUnavailable).
        /// </summary>
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

        /// <summary>
        /// Finds the voice <paramref name="nameOrId"/> names among <paramref name="voices"/>: by <c>voice_id</c> first,
        /// then the list's <c>_id</c>, then the name (case-insensitive). The user may give any of the three because
        /// Akool's docs are ambiguous about which key TTS wants; the caller then sends the match's <c>voice_id</c>.
        /// Null when none (or, for a name, more than one) matches.
        /// </summary>
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

        /// <summary>How many characters a text bills: Unicode scalar values (a surrogate pair is one character).</summary>
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

        /// <summary>
        /// The contract's page is <c>data: {result: [...], count, page, size}</c>. Tolerated as well, since Akool's
        /// list answers differ between products: <c>data</c> itself an array, or the array under <c>list</c>; a count
        /// that is missing or a string.
        /// </summary>
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
