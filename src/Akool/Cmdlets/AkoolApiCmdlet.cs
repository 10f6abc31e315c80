using System.Collections.Generic;
using System.Management.Automation;
using System;
using Akool.Errors;
using Akool.Input;
using Akool.Models;

namespace Akool
{
    /// <summary>The base of every cmdlet that calls the API.</summary>
    public abstract class AkoolApiCmdlet : AsyncPipelineCmdlet
    {
        private AkoolConnection? _connection;

        /// <summary>The connection to use instead of the current one (from Connect-Akool -PassThru).</summary>
        [Parameter]
        [ValidateNotNull]
        public AkoolConnection? Connection { get; set; }

        internal AkoolConnection ActiveConnection => _connection ?? throw new InvalidOperationException("BeginProcessing has not run.");

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            _connection = Connection ?? AkoolSession.Current;
            if (_connection == null)
            {
                ThrowTerminatingError(ErrorClassifier.Create(ErrorIds.NotConnected, ErrorCategory.ConnectionError, null,
                    $"{MyInvocation.MyCommand.Name} needs a connection to Akool, and there is none.",
                    "Run Connect-Akool first (or pass -Connection)."));
            }
        }

        // What cannot be an id (InputRules.IdProblem) is an AkoolInvalidInput error, so no request is wasted on it; any
        // other shape passes, since the contract promises none.
        internal IEnumerable<string> UsableIds(IEnumerable<string?> ids, string noun, string creator)
        {
            foreach (string? raw in ids)
            {
                string id = raw?.Trim() ?? string.Empty;
                string? problem = InputRules.IdProblem(id);
                if (problem != null)
                {
                    WriteError(ErrorClassifier.Create(ErrorIds.InvalidInput, ErrorCategory.InvalidArgument, raw,
                        $"'{DisplayText.Escape(id.Length > 80 ? id.Substring(0, 80) + "..." : id)}' cannot be an Akool {noun} id: {problem}.",
                        $"Check the Id column (the _id {creator} returned); nothing was asked of Akool for it."));
                    continue;
                }
                yield return id;
            }
        }
    }
}
