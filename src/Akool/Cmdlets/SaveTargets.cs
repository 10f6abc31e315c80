using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;

namespace Akool
{
    /// <summary>
    /// The files one Save-AkoolVideo or Save-AkoolSpeech run writes into its destination: each target must stay inside
    /// the folder, and no two items of the run may write the same file (the same item twice, say a repeated webhook
    /// event, is saved once). Used on the pipeline thread only.
    /// </summary>
    internal sealed class SaveTargets
    {
        private readonly string _destination;
        private readonly Dictionary<string, string> _claimedBy = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public SaveTargets(string destination) => _destination = destination;

        /// <summary>
        /// The full path for <paramref name="fileName"/>, claimed for the item <paramref name="id"/>; null after
        /// writing why not (an error, or a verbose line for the same item again).
        /// </summary>
        /// <param name="cmdlet">Where to write why a file cannot be claimed.</param>
        /// <param name="fileName">The safe file name (SaveFolder.FileName).</param>
        /// <param name="id">The item's id.</param>
        /// <param name="subject">The item's label in messages ("Video …", "Speech …").</param>
        /// <param name="target">What an error points at: the item.</param>
        /// <param name="renameAdvice">What to do when two items of the run want the same file.</param>
        public string? Claim(Cmdlet cmdlet, string fileName, string id, string subject, object target, string renameAdvice)
        {
            string path = Path.Combine(_destination, fileName);
            if (!SafeFileName.IsInside(path, _destination))
            {
                cmdlet.WriteError(ErrorClassifier.Create(ErrorIds.DestinationInvalid, ErrorCategory.SecurityError, target,
                    $"{subject}: the file name '{fileName}' would leave the destination folder; refused."));
                return null;
            }
            if (_claimedBy.TryGetValue(path, out string? claimedBy))
            {
                if (claimedBy == id)
                {
                    // The same item twice (for example a repeated webhook event): one file is the right answer.
                    cmdlet.WriteVerbose($"{subject} is already being saved as '{path}' in this batch; skipped.");
                    return null;
                }
                cmdlet.WriteError(ErrorClassifier.Create(ErrorIds.FileExists, ErrorCategory.ResourceExists, target,
                    $"{subject}: another item of this batch is already being saved as '{path}'.", renameAdvice));
                return null;
            }
            _claimedBy[path] = id;
            return path;
        }
    }
}
