using System;
using System.Collections.Generic;
using System.Linq;

namespace Akool.Emulator
{
    /// <summary>
    /// The emulator's built-in voices: a dozen of Akool's (<c>type=2</c>) in several languages, genders, ages and
    /// styles, and two "cloned" voices of the account (<c>type=1</c>). Fixed, so tests and docs can name them.
    /// </summary>
    internal static class VoiceCatalogue
    {
        private static readonly DateTimeOffset Epoch = new DateTimeOffset(2024, 11, 5, 9, 30, 0, TimeSpan.Zero);

        public static IReadOnlyList<EmulatedVoice> All { get; } = Build();

        public static EmulatedVoice? FindByVoiceId(string voiceId) =>
            All.FirstOrDefault(v => string.Equals(v.VoiceId, voiceId, StringComparison.Ordinal));

        private static List<EmulatedVoice> Build()
        {
            var voices = new List<EmulatedVoice>();
            int n = 0;
            void Add(string voiceId, string name, string gender, string language, string locale, bool own, string age, string style, string scenario, string model)
            {
                n++;
                voices.Add(new EmulatedVoice(
                    // ObjectId-shaped and unrelated to voice_id, as on Akool: a client that mixes the two is caught.
                    "6731f0c2a1b2c3d4e5f6" + n.ToString("x4", System.Globalization.CultureInfo.InvariantCulture),
                    voiceId,
                    name,
                    gender,
                    language,
                    locale,
                    own,
                    Split(age),
                    Split(style),
                    Split(scenario),
                    model,
                    Epoch.AddDays(n)));
            }

            Add("Xb7hH8MSUJpSbSDYk0k2", "Alice", "Female", "English", "en-GB", false, "Young", "Confident,News", "Education,Advertisement", "Akool Multilingual 2");
            Add("nPczCjzI2devNBz1zQrb", "Brian", "Male", "English", "en-US", false, "Middle Aged", "Deep,Narration", "Audiobook,Documentary", "Akool Multilingual 2");
            Add("EXAVITQu4vr4xnSDxMaL", "Sarah", "Female", "English", "en-US", false, "Young", "Soft,Warm", "Customer Service,Education", "Akool Multilingual 2");
            Add("TX3LPaxmHKxFdv7VOQHJ", "Liam", "Male", "English", "en-US", false, "Young", "Energetic", "Advertisement,Social Media", "Akool Turbo 2.5");
            Add("es-ES-ElviraNeural", "Elvira", "Female", "Spanish", "es-ES", false, "Middle Aged", "Friendly", "Customer Service", "Akool Neural");
            Add("es-MX-JorgeNeural", "Jorge", "Male", "Spanish", "es-MX", false, "Middle Aged", "Calm,Narration", "Documentary", "Akool Neural");
            Add("fr-FR-DeniseNeural", "Denise", "Female", "French", "fr-FR", false, "Middle Aged", "Elegant", "Advertisement,Education", "Akool Neural");
            Add("de-DE-ConradNeural", "Conrad", "Male", "German", "de-DE", false, "Old", "Serious,News", "News,Documentary", "Akool Neural");
            Add("ja-JP-NanamiNeural", "Nanami", "Female", "Japanese", "ja-JP", false, "Young", "Cheerful", "Social Media,Games", "Akool Neural");
            Add("zh-CN-YunxiNeural", "Yunxi", "Male", "Chinese", "zh-CN", false, "Young", "Lively", "Audiobook,Games", "Akool Neural");
            Add("pt-BR-FranciscaNeural", "Francisca", "Female", "Portuguese", "pt-BR", false, "Middle Aged", "Warm", "Customer Service,Education", "Akool Neural");
            Add("hi-IN-MadhurNeural", "Madhur", "Male", "Hindi", "hi-IN", false, "Middle Aged", "Calm", "Education,News", "Akool Neural");
            Add("cl0ned5pEakerMyV01ce", "My Narrator", "Male", "English", "en-US", true, "Middle Aged", "Narration", "Education", "Akool Voice Clone");
            Add("cl0nedWarmH0stV01ce2", "Studio Host", "Female", "English", "en-GB", true, "Young", "Warm", "Advertisement", "Akool Voice Clone");
            return voices;
        }

        private static string[] Split(string tags) => tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
