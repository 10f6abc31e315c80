using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Akool.Emulator;

namespace Akool.Tests.Emulator
{
    /// <summary>Small helpers the emulator tests share: raw HTTP calls as a client would make them, and condition polling.</summary>
    internal static class EmulatorTestKit
    {
        public const string CreatePath = "/api/open/v3/content/video/createbytalkingphoto";
        public const string TokenPath = "/api/open/v3/getToken";
        public const string CreditPath = "/api/open/v3/faceswap/quota/info";
        public const string Photo = "https://cdn.example.com/face.jpg";
        public const string Audio = "https://cdn.example.com/speech.mp3";

        public static string StatusPath(string id) => "/api/open/v3/content/video/infobymodelid?video_model_id=" + Uri.EscapeDataString(id);

        public static HttpClient HttpFor(AkoolEmulator emulator) =>
            new HttpClient { BaseAddress = emulator.BaseUri, Timeout = TimeSpan.FromSeconds(30) };

        public static string CreateBody(string photo = Photo, string audio = Audio, string? webhook = null) =>
            JsonSerializer.Serialize(webhook is null
                ? new Dictionary<string, string> { ["talking_photo_url"] = photo, ["audio_url"] = audio }
                : new Dictionary<string, string> { ["talking_photo_url"] = photo, ["audio_url"] = audio, ["webhookUrl"] = webhook });

        public static HttpRequestMessage Request(HttpMethod method, string path, string? json = null, string? apiKey = null, string? bearer = null)
        {
            var request = new HttpRequestMessage(method, path);
            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            if (apiKey is not null)
            {
                request.Headers.TryAddWithoutValidation("x-api-key", apiKey);
            }

            if (bearer is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
            }

            return request;
        }

        /// <summary>Sends and parses an Akool answer (asserting HTTP 200 and a JSON body).</summary>
        public static async Task<JsonElement> CallAsync(HttpClient http, HttpMethod method, string path, string? json = null, string? apiKey = null, string? bearer = null)
        {
            using HttpRequestMessage request = Request(method, path, json, apiKey, bearer);
            using HttpResponseMessage response = await http.SendAsync(request);
            Xunit.Assert.Equal(200, (int)response.StatusCode);
            using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return document.RootElement.Clone();
        }

        public static int Code(JsonElement answer) => answer.GetProperty("code").GetInt32();

        public static Task<JsonElement> CreateAsync(HttpClient http, AkoolEmulator emulator, string? json = null) =>
            CallAsync(http, HttpMethod.Post, CreatePath, json ?? CreateBody(), apiKey: emulator.Options.ApiKey);

        public static async Task<string> CreateIdAsync(HttpClient http, AkoolEmulator emulator, string? json = null)
        {
            JsonElement answer = await CreateAsync(http, emulator, json);
            Xunit.Assert.Equal(1000, Code(answer));
            return answer.GetProperty("data").GetProperty("_id").GetString()!;
        }

        public static Task<JsonElement> StatusAsync(HttpClient http, AkoolEmulator emulator, string id) =>
            CallAsync(http, HttpMethod.Get, StatusPath(id), apiKey: emulator.Options.ApiKey);

        public static async Task<string> TokenAsync(HttpClient http, AkoolEmulator emulator)
        {
            string body = JsonSerializer.Serialize(new { clientId = emulator.Options.ClientId, clientSecret = emulator.Options.ClientSecret });
            JsonElement answer = await CallAsync(http, HttpMethod.Post, TokenPath, body);
            Xunit.Assert.Equal(1000, Code(answer));
            return answer.GetProperty("token").GetString()!;
        }

        /// <summary>Polls <paramref name="condition"/> until it holds, failing after <paramref name="seconds"/>.</summary>
        public static async Task WaitUntilAsync(Func<bool> condition, string what, double seconds = 10)
        {
            DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
            while (!condition())
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("Timed out waiting for: " + what);
                }

                await Task.Delay(20);
            }
        }

        /// <summary>Walks the top-level MP4 boxes; returns their types, asserting they cover the bytes exactly.</summary>
        public static List<string> TopLevelBoxes(byte[] bytes)
        {
            var types = new List<string>();
            long offset = 0;
            while (offset < bytes.Length)
            {
                Xunit.Assert.True(offset + 8 <= bytes.Length, "truncated box header at " + offset);
                long size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan((int)offset));
                string type = Encoding.ASCII.GetString(bytes, (int)offset + 4, 4);
                if (size == 1)
                {
                    size = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan((int)offset + 8));
                }
                else if (size == 0)
                {
                    size = bytes.Length - offset;
                }

                Xunit.Assert.True(size >= 8, "box '" + type + "' has size " + size);
                types.Add(type);
                offset += size;
            }

            Xunit.Assert.Equal(bytes.Length, offset);
            return types;
        }
    }
}
