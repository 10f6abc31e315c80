using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Akool.Client;
using Akool.Completion;
using Akool.Errors;

namespace Akool.Commands
{
    /// <summary>Gets the voices Akool's text to speech can use.</summary>
    [Cmdlet(VerbsCommon.Get, "AkoolVoice")]
    [OutputType(typeof(AkoolVoice))]
    public sealed class GetAkoolVoiceCommand : AkoolApiCmdlet
    {
        /// <summary>Voice names (wildcards allowed), or exact voice ids (<c>voice_id</c> or the list's <c>_id</c>).</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(VoiceCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Languages: an ISO 639-1 code ("en"), a locale ("en-GB") or a language name ("English"); wildcards allowed.</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [Alias("Locale", "language_code")]
        public string[]? Language { get; set; }

        /// <summary>Only voices of this gender.</summary>
        [Parameter]
        [ValidateSet("Male", "Female")]
        public string? Gender { get; set; }

        /// <summary>The account's own (cloned) voices instead of Akool's.</summary>
        [Parameter]
        public SwitchParameter Own { get; set; }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            IReadOnlyList<VoiceInfo> voices;
            try
            {
                // Gender is one of Akool's documented filters, so it is sent (fewer pages) and checked again here.
                var query = new VoiceListQuery { Own = Own.IsPresent, Gender = Gender };
                voices = RunOne(context => ActiveConnection.Client.ListVoicesAsync(query, context.Log, context.Cancellation));
            }
            catch (AkoolApiException ex)
            {
                WriteError(ErrorClassifier.From(ex, "Listing Akool's voices failed", ActiveConnection.BaseUri));
                return;
            }

            VoiceCache.Remember(ActiveConnection, Own.IsPresent, voices, complete: Gender == null);
            List<WildcardPattern> languages = (Language ?? Array.Empty<string>()).Select(Pattern).ToList();
            var matchedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (VoiceInfo voice in voices)
            {
                if (Gender != null && !string.Equals(voice.Gender, Gender, StringComparison.OrdinalIgnoreCase)) continue;
                if (languages.Count > 0 && !languages.Any(p => MatchesLanguage(p, voice))) continue;
                string? matched = MatchingName(voice);
                if (Name != null && matched == null) continue;
                if (matched != null) matchedNames.Add(matched);
                WriteObject(new AkoolVoice(voice, ActiveConnection.BaseUri));
            }

            foreach (string name in Name ?? Array.Empty<string>())
            {
                if (!WildcardPattern.ContainsWildcardCharacters(name) && !matchedNames.Contains(name))
                {
                    WriteError(ErrorClassifier.Create(ErrorIds.VoiceNotFound, ErrorCategory.ObjectNotFound, name,
                        $"No {(Own ? "voice of your own" : "Akool voice")} named '{name}'{Filters()}.",
                        Own ? "Run Get-AkoolVoice -Own to see your cloned voices." : "Run Get-AkoolVoice to see the voices (add -Own for your cloned ones)."));
                }
            }
        }

        private string? MatchingName(VoiceInfo voice) => Name?.FirstOrDefault(name =>
            (voice.Name != null && Pattern(name).IsMatch(voice.Name))
            || string.Equals(voice.VoiceId, name, StringComparison.Ordinal)
            || string.Equals(voice.Id, name, StringComparison.Ordinal));

        private static bool MatchesLanguage(WildcardPattern pattern, VoiceInfo voice) =>
            (voice.Locale != null && pattern.IsMatch(voice.Locale))
            || (AkoolVoice.CodeOf(voice.Locale) is string code && pattern.IsMatch(code))
            || (voice.Language != null && pattern.IsMatch(voice.Language));

        private static WildcardPattern Pattern(string value) => new WildcardPattern(value, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);

        private string Filters()
        {
            var parts = new List<string>();
            if (Language != null) parts.Add("language " + string.Join(" or ", Language));
            if (Gender != null) parts.Add("gender " + Gender);
            return parts.Count == 0 ? string.Empty : " (with " + string.Join(", ", parts) + ")";
        }
    }
}
