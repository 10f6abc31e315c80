using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace Akool.Bench
{
    /// <summary>
    /// A runspace of the real PowerShell engine, hosted in this process, with the staged module imported through
    /// out/Akool/Akool.psd1 as a user would.
    /// </summary>
    internal sealed class BenchSession : IDisposable
    {
        private readonly Runspace _runspace;

        private BenchSession(Runspace runspace) => _runspace = runspace;

        /// <summary>The staged manifest, found by walking up from the bench's output folder to the folder with Akool.sln.</summary>
        public static string StagedManifest { get; } = FindManifest();

        /// <summary>Opens a runspace; imports the module unless <paramref name="import"/> is false.</summary>
        public static BenchSession Start(bool import = true)
        {
            Runspace runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
            runspace.Open();
            var session = new BenchSession(runspace);
            if (import) session.Run("Import-Module $manifest -ErrorAction Stop", new Dictionary<string, object?> { ["manifest"] = StagedManifest }).ThrowOnErrors("Import-Module");
            // The rows' URLs are placeholders no one serves; (a)'s input-check row measures the check on real files.
            session.Run("$global:PSDefaultParameterValues = @{ 'New-AkoolTalkingPhoto:SkipInputCheck' = $true }");
            return session;
        }

        /// <summary>Runs <paramref name="script"/> with <paramref name="variables"/> set and times the invocation alone.</summary>
        public ScriptRun Run(string script, IDictionary<string, object?>? variables = null)
        {
            if (variables != null)
            {
                foreach (KeyValuePair<string, object?> pair in variables) _runspace.SessionStateProxy.SetVariable(pair.Key, pair.Value);
            }

            using (PowerShell shell = PowerShell.Create())
            {
                shell.Runspace = _runspace;
                shell.AddScript(script);
                var clock = Stopwatch.StartNew();
                Collection<PSObject> output;
                RuntimeException? terminating = null;
                try
                {
                    output = shell.Invoke();
                }
                catch (RuntimeException ex)
                {
                    output = new Collection<PSObject>();
                    terminating = ex;
                }

                clock.Stop();
                var errors = shell.Streams.Error.Select(Describe).ToList();
                if (terminating != null) errors.Add(Describe(terminating.ErrorRecord) + " (terminating)");
                return new ScriptRun(output, errors, clock.Elapsed);
            }
        }

        /// <summary>Connects the module (process-wide current connection) to <paramref name="baseUri"/>.</summary>
        public void Connect(Uri baseUri, string apiKey) =>
            Run("Connect-Akool -BaseUri $baseUri -ApiKey $apiKey", new Dictionary<string, object?> { ["baseUri"] = baseUri.ToString(), ["apiKey"] = apiKey }).ThrowOnErrors("Connect-Akool");

        /// <summary>PowerShell that sets $rows to <paramref name="count"/> [pscustomobject] rows with Akool's column names, as Import-Csv gives them.</summary>
        public static string RowsScript(int count) => "$rows = " + RowsPipeline(count);

        /// <summary>
        /// The same rows made one at a time as a pipeline pulls them, as Import-Csv reads a file: a pipeline that
        /// starts with this holds only the rows in flight, not all of them.
        /// </summary>
        public static string RowsPipeline(int count) =>
            "1.." + count + " | ForEach-Object { [pscustomobject]@{ " +
            "Name = ('clip{0:00000}' -f $_); " +
            "talking_photo_url = \"https://img.example.com/face$_.jpg\"; " +
            "audio_url = \"https://audio.example.com/voice$_.mp3\" } }";

        public void Dispose()
        {
            try
            {
                Run("Disconnect-Akool");
            }
            catch (Exception)
            {
                // Best effort: the runspace goes anyway.
            }

            _runspace.Dispose();
        }

        /// <summary>The error's id and message, and where it was thrown when it was not one of the module's own errors.</summary>
        private static string Describe(ErrorRecord error)
        {
            string text = error.FullyQualifiedErrorId + ": " + error;
            Exception? exception = error.Exception;
            while (exception is RuntimeException { InnerException: not null } wrapper) exception = wrapper.InnerException;
            if (exception != null && !(exception is RuntimeException) && exception.StackTrace != null)
            {
                text += " [" + exception.GetType().FullName + " at " + exception.StackTrace.Replace(Environment.NewLine, " <- ", StringComparison.Ordinal) + "]";
            }

            return text;
        }

        private static string FindManifest()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Akool.sln")))
                {
                    string manifest = Path.Combine(dir.FullName, "out", "Akool", "Akool.psd1");
                    if (!File.Exists(manifest)) throw new InvalidOperationException("The module is not staged at " + manifest + "; build first (dotnet build -c Release).");
                    return manifest;
                }
            }

            throw new InvalidOperationException("Akool.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>What one script produced, and how long its invocation took.</summary>
    internal sealed class ScriptRun
    {
        public ScriptRun(Collection<PSObject> output, List<string> errors, TimeSpan elapsed)
        {
            Output = output;
            Errors = errors;
            Elapsed = elapsed;
        }

        public Collection<PSObject> Output { get; }

        public List<string> Errors { get; }

        public TimeSpan Elapsed { get; }

        public ScriptRun ThrowOnErrors(string what)
        {
            if (Errors.Count > 0) throw new InvalidOperationException(what + " failed: " + Errors[0]);
            return this;
        }
    }
}
