using System;
using System.Management.Automation;
using Akool.Errors;
using Akool.Models;

namespace Akool
{
    /// <summary>
    /// The base of every cmdlet that calls the API: resolves the connection (<c>-Connection</c>, else the current
    /// one) or fails once, terminating, with advice to run Connect-Akool.
    /// </summary>
    public abstract class AkoolApiCmdlet : AsyncPipelineCmdlet
    {
        private AkoolConnection? _connection;

        /// <summary>
        /// The connection to use instead of the current one (from Connect-Akool -PassThru); lets one script work
        /// with two accounts, or isolate itself from the process-wide current connection.
        /// </summary>
        [Parameter]
        [ValidateNotNull]
        public AkoolConnection? Connection { get; set; }

        /// <summary>The connection in use; set in BeginProcessing.</summary>
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
    }
}
