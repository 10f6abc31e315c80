using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Akool.Client;
using Akool.Models;

namespace Akool.Completion
{
    /// <summary>Completes <c>-Voice</c> (and Get-AkoolVoice <c>-Name</c>) with the voices of the connection in use (<c>-Connection</c> when typed, else the current one).</summary>
    public sealed class VoiceCompleter : IArgumentCompleter
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            AkoolConnection? connection = ConnectionFrom(fakeBoundParameters) ?? AkoolSession.Current;
            if (connection == null) return Enumerable.Empty<CompletionResult>();

            string prefix = Quoting.Unquote(wordToComplete);
            bool namesOnly = string.Equals(parameterName, "Name", StringComparison.OrdinalIgnoreCase);
            return Complete(VoiceCache.Known(connection, Patience), prefix, namesOnly);
        }

        internal static List<CompletionResult> Complete(IReadOnlyList<VoiceInfo> voices, string prefix, bool namesOnly)
        {
            var results = new List<CompletionResult>();
            var offered = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            ILookup<string, VoiceInfo> byName = voices.Where(v => v.Name != null).ToLookup(v => v.Name!, StringComparer.OrdinalIgnoreCase);
            foreach (VoiceInfo voice in voices.OrderBy(v => v.Name ?? v.VoiceId, StringComparer.OrdinalIgnoreCase))
            {
                string tooltip = Describe(voice);
                if (voice.Name != null && voice.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    // A name two voices share would be refused as ambiguous where a voice is needed: offer the id instead.
                    string text = namesOnly || byName[voice.Name].Count() == 1 ? voice.Name : voice.VoiceId;
                    if (offered.Add(text)) results.Add(new CompletionResult(Quoting.Quote(text), voice.Name, CompletionResultType.ParameterValue, tooltip));
                }
                else if (!namesOnly && voice.VoiceId.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && offered.Add(voice.VoiceId))
                {
                    results.Add(new CompletionResult(Quoting.Quote(voice.VoiceId), voice.VoiceId + " (" + voice.Name + ")", CompletionResultType.ParameterValue, tooltip));
                }
            }

            return results;
        }

        private static string Describe(VoiceInfo voice)
        {
            var parts = new List<string> { voice.Name ?? voice.VoiceId };
            if (voice.Locale != null || voice.Language != null) parts.Add(voice.Locale ?? voice.Language!);
            if (voice.Gender != null) parts.Add(voice.Gender);
            if (voice.Own) parts.Add("own voice");
            parts.Add("voice_id " + voice.VoiceId);
            return string.Join(", ", parts);
        }

        private static AkoolConnection? ConnectionFrom(IDictionary fakeBoundParameters)
        {
            if (fakeBoundParameters == null || !fakeBoundParameters.Contains("Connection")) return null;
            object? value = fakeBoundParameters["Connection"];
            return (value is PSObject wrapped ? wrapped.BaseObject : value) as AkoolConnection;
        }
    }
}
