using System.Collections.Generic;
using System.Management.Automation;
using Akool.Errors;
using Akool.Input;
using Akool.Models;

namespace Akool
{
    /// <summary>
    /// The <c>-Id</c> values of a cmdlet that takes Akool ids (Get/Wait/Save-AkoolVideo, Save-AkoolSpeech): trimmed,
    /// and each that cannot be an id reported once and skipped, so that no request is wasted on it.
    /// </summary>
    internal static class IdInput
    {
        /// <summary>
        /// The ids of <paramref name="ids"/> that can be ids, trimmed. One that cannot be (empty, white space, control
        /// characters, too long: see <see cref="InputRules.IdProblem"/>) is written as an <c>AkoolInvalidInput</c>
        /// error on <paramref name="cmdlet"/> and skipped. Any other shape is returned: Akool's contract promises none.
        /// </summary>
        /// <param name="cmdlet">Where the errors are written (on the pipeline thread).</param>
        /// <param name="ids">The ids as bound.</param>
        /// <param name="noun">What the id is of, for the message: "video", "speech".</param>
        /// <param name="creator">The cmdlet that returned the ids, for the advice: "New-AkoolTalkingPhoto".</param>
        public static IEnumerable<string> Usable(Cmdlet cmdlet, IEnumerable<string?> ids, string noun, string creator)
        {
            foreach (string? raw in ids)
            {
                string id = raw?.Trim() ?? string.Empty;
                string? problem = InputRules.IdProblem(id);
                if (problem != null)
                {
                    cmdlet.WriteError(ErrorClassifier.Create(ErrorIds.InvalidInput, ErrorCategory.InvalidArgument, raw,
                        $"'{DisplayText.Escape(id.Length > 80 ? id.Substring(0, 80) + "..." : id)}' cannot be an Akool {noun} id: {problem}.",
                        $"Check the Id column (the _id {creator} returned); nothing was asked of Akool for it."));
                    continue;
                }
                yield return id;
            }
        }
    }
}
