using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Akool.Emulator
{
    /// <summary>
    /// Akool's VoiceLab v4 text to speech: the voice list, the (asynchronous, billed) speech create and the speech
    /// detail. They run through the same pipeline as the other endpoints (latency, faults, authentication).
    /// </summary>
    internal sealed partial class ApiHandlers
    {
        private const int MaximumPageSize = 100;

        public Task VoiceList(HttpContext context) => Run(context, EmulatorEndpoints.VoiceList, requiresAuth: true, ProcessVoiceList);

        public Task SpeechCreate(HttpContext context) => Run(context, EmulatorEndpoints.SpeechCreate, requiresAuth: true, ProcessSpeechCreate);

        public Task SpeechDetail(HttpContext context) => Run(context, EmulatorEndpoints.SpeechDetail, requiresAuth: true, ProcessSpeechDetail);

        /// <summary>Unicode scalar values: what the emulator counts and bills (a surrogate pair is one character).</summary>
        internal static int CountCharacters(string text)
        {
            int count = 0;
            foreach (System.Text.Rune unused in text.EnumerateRunes())
            {
                count++;
            }

            return count;
        }

        private Task<ApiAnswer> ProcessVoiceList(HttpContext context)
        {
            IQueryCollection query = context.Request.Query;

            // type is how Akool tells its own voices (2) from the account's cloned ones (1); anything else is a mistake.
            string type = query["type"].ToString();
            if (type != "1" && type != "2")
            {
                return Task.FromResult(ApiAnswer.Error(1003));
            }

            if (!TryPositive(query["page"].ToString(), 1, out int page) || !TryPositive(query["size"].ToString(), 10, out int size))
            {
                return Task.FromResult(ApiAnswer.Error(1003));
            }

            // A larger size is not an error: the answer's size says what was used, so clients must page by it.
            size = Math.Min(size, MaximumPageSize);

            string[] genders = Tags(query["gender"].ToString());
            string[] ages = Tags(query["age"].ToString());
            string[] styles = Tags(query["style"].ToString());
            string[] scenarios = Tags(query["scenario"].ToString());
            string name = query["name"].ToString().Trim();
            bool own = type == "1";

            List<EmulatedVoice> matching = VoiceCatalogue.All
                .Where(v => v.Own == own)
                .Where(v => genders.Length == 0 || genders.Contains(v.Gender, StringComparer.OrdinalIgnoreCase))
                .Where(v => AnyOf(ages, v.Age) && AnyOf(styles, v.Style) && AnyOf(scenarios, v.Scenario))
                .Where(v => name.Length == 0 || v.Name.Contains(name, StringComparison.OrdinalIgnoreCase))
                .ToList();
            List<EmulatedVoice> slice = matching.Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * size)).Take(size).ToList();

            return Task.FromResult(ApiAnswer.Envelope(1000, "OK", w =>
            {
                w.WritePropertyName("result");
                w.WriteStartArray();
                foreach (EmulatedVoice voice in slice)
                {
                    WriteVoice(w, voice);
                }

                w.WriteEndArray();
                w.WriteNumber("count", matching.Count);
                w.WriteNumber("page", page);
                w.WriteNumber("size", size);
            }));
        }

        private void WriteVoice(Utf8JsonWriter w, EmulatedVoice voice)
        {
            w.WriteStartObject();
            w.WriteString("_id", voice.Id);
            w.WriteNumber("uid", 378337);
            w.WriteNumber("type", voice.Own ? 1 : 2);
            w.WriteString("voice_id", voice.VoiceId);
            w.WriteString("name", voice.Name);
            w.WriteString("gender", voice.Gender);
            w.WriteString("language", voice.Language);
            w.WriteString("locale", voice.Locale);
            w.WriteString("preview", _emulator.VoicePreviewUrl(voice));
            w.WriteNumber("duration", SpeechAudio.DurationOf(SpeechAudio.FramesFor(0)).TotalMilliseconds);
            w.WriteNumber("status", 3);
            WriteArray(w, "style", voice.Style);
            WriteArray(w, "scenario", voice.Scenario);
            WriteArray(w, "age", voice.Age);
            w.WriteString("voice_model_name", voice.VoiceModelName);
            w.WriteNumber("create_time", voice.CreatedAt.ToUnixTimeMilliseconds());
            w.WriteNumber("__v", 0);
            w.WriteEndObject();
        }

        private async Task<ApiAnswer> ProcessSpeechCreate(HttpContext context)
        {
            using JsonDocument? body = await ReadJsonAsync(context).ConfigureAwait(false);
            if (body is null || body.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ApiAnswer.Error(1003);
            }

            JsonElement root = body.RootElement;
            string? text = StringProperty(root, "input_text");
            string? voiceId = StringProperty(root, "voice_id");
            if (string.IsNullOrWhiteSpace(text) || string.IsNullOrWhiteSpace(voiceId))
            {
                return ApiAnswer.Error(1003);
            }

            // Only the list's voice_id names a voice here, never its _id: the contract leaves open which one Akool
            // wants, and the module promises to send voice_id, so the emulator holds it to that.
            EmulatedVoice? voice = VoiceCatalogue.FindByVoiceId(voiceId!);
            EmulatorOptions options = _emulator.Options;
            int characters = CountCharacters(text!);
            if (voice is null || characters > options.SpeechCharacterLimit)
            {
                return ApiAnswer.Error(1003);
            }

            if (!TryOptional(root, "language_code", out string? language) || (language is not null && !IsLanguageCode(language)))
            {
                return ApiAnswer.Error(1003);
            }

            if (!TryOptional(root, "webhookUrl", out string? webhook) || (webhook is not null && !IsHttpUrl(webhook)))
            {
                return ApiAnswer.Error(1003);
            }

            if (!TryVoiceOptions(root, out string? voiceOptions))
            {
                return ApiAnswer.Error(1003);
            }

            decimal cost = characters * options.CreditPerThousandCharacters / 1000m;
            DateTimeOffset now = _emulator.Clock.Now;
            EmulatedSpeech? speech = _emulator.Speeches.TryCreate(cost, now, id => new EmulatedSpeech(
                id,
                text!,
                characters,
                voice,
                language,
                webhook,
                voiceOptions,
                now,
                options.QueueTime,
                options.ProcessingTime,
                fails: Contains(text!, options.FailMarker),
                cost,
                _emulator.Clock));
            if (speech is null)
            {
                return ApiAnswer.Error(1104);
            }

            return ApiAnswer.Envelope(1000, "OK", w => WriteSpeech(w, speech, speech.StatusAt(now)));
        }

        private Task<ApiAnswer> ProcessSpeechDetail(HttpContext context)
        {
            string id = context.Request.RouteValues["id"] as string ?? string.Empty;
            EmulatedSpeech? speech = string.IsNullOrWhiteSpace(id) ? null : _emulator.Speeches.Find(id);
            if (speech is null)
            {
                return Task.FromResult(ApiAnswer.Error(1008));
            }

            return Task.FromResult(ApiAnswer.Envelope(1000, "OK", w =>
            {
                w.WritePropertyName("result");
                w.WriteStartObject();
                WriteSpeech(w, speech, speech.Status);
                w.WriteEndObject();
            }));
        }

        /// <summary>A speech's fields as the create's <c>data</c> and the detail's <c>data.result</c> carry them.</summary>
        private void WriteSpeech(Utf8JsonWriter w, EmulatedSpeech speech, int status)
        {
            w.WriteString("_id", speech.Id);
            w.WriteNumber("uid", 378337);
            w.WriteNumber("create_time", speech.CreatedAt.ToUnixTimeMilliseconds());
            w.WriteString("input_text", speech.InputText);
            w.WriteString("voice_id", speech.Voice.VoiceId);
            w.WriteString("voice_model_name", speech.Voice.VoiceModelName);
            w.WriteString("language_code", speech.LanguageCode ?? speech.Voice.LanguageCode);
            w.WriteNumber("status", status);
            if (status == 3)
            {
                w.WriteString("preview", Faults.SpeechPreview ?? _emulator.SpeechUrl(speech.Id));
                w.WriteNumber("duration", (long)speech.Duration.TotalMilliseconds);
            }
            else
            {
                w.WriteNull("preview");
                w.WriteNumber("duration", 0);
            }

            w.WriteNumber("deduction_credit", speech.DeductionCredit);
            w.WriteNumber("__v", 0);
        }

        private static bool TryPositive(string text, int fallback, out int value)
        {
            value = fallback;
            return text.Length == 0 || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1);
        }

        private static string[] Tags(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        private static bool AnyOf(string[] wanted, IReadOnlyList<string> tags) =>
            wanted.Length == 0 || tags.Any(t => wanted.Contains(t, StringComparer.OrdinalIgnoreCase));

        private static void WriteArray(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
        {
            w.WritePropertyName(name);
            w.WriteStartArray();
            foreach (string value in values)
            {
                w.WriteStringValue(value);
            }

            w.WriteEndArray();
        }

        /// <summary>ISO 639-1: two letters (the contract's word; regional forms such as en-US are refused).</summary>
        private static bool IsLanguageCode(string value) => value.Length == 2 && char.IsAsciiLetter(value[0]) && char.IsAsciiLetter(value[1]);

        /// <summary>
        /// <c>voice_options</c>: absent, null or an object; its documented ranges are checked (speed 0.7-1.2, volume
        /// 0-100), other members are passed through as Akool does (each works only on some voice models).
        /// </summary>
        private static bool TryVoiceOptions(JsonElement root, out string? json)
        {
            json = null;
            if (!root.TryGetProperty("voice_options", out JsonElement options) || options.ValueKind == JsonValueKind.Null)
            {
                return true;
            }

            if (options.ValueKind != JsonValueKind.Object
                || !InRange(options, "speed", 0.7, 1.2)
                || !InRange(options, "volume", 0, 100))
            {
                return false;
            }

            json = options.GetRawText();
            return true;
        }

        private static bool InRange(JsonElement options, string name, double low, double high) =>
            !options.TryGetProperty(name, out JsonElement value)
            || value.ValueKind == JsonValueKind.Null
            || (value.ValueKind == JsonValueKind.Number && value.GetDouble() >= low && value.GetDouble() <= high);
    }
}
