using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using System.Threading.Tasks;

namespace Akool.Tests.Harness
{
    /// <summary>
    /// A runspace of the real PowerShell engine, hosted in-process, with the staged module imported through its
    /// manifest exactly as a user would (Import-Module out/Akool/Akool.psd1).
    /// </summary>
    public sealed class PowerShellSession : IDisposable
    {
        private readonly Runspace _runspace;

        // The emulator's videos and speeches are done in a fraction of a second: polling them at the production pace
        // only makes every test slower. The module the runspaces import is this same, already loaded, assembly.
        static PowerShellSession()
        {
            Akool.Commands.WaitAkoolVideoCommand.ShortestInterval = TimeSpan.FromMilliseconds(100);
            Akool.Commands.Speech.SpeechStep.FirstPollDelay = TimeSpan.FromMilliseconds(20);
        }

        private PowerShellSession(Runspace runspace) => _runspace = runspace;

        /// <summary>Opens a runspace and imports the module; the working directory is <paramref name="location"/> when given.</summary>
        public static PowerShellSession Start(string? location = null, PSHost? host = null)
        {
            var state = InitialSessionState.CreateDefault2();
            Runspace runspace = host == null ? RunspaceFactory.CreateRunspace(state) : RunspaceFactory.CreateRunspace(host, state);
            runspace.Open();
            var session = new PowerShellSession(runspace);
            if (location != null) runspace.SessionStateProxy.Path.SetLocation(location);
            ScriptResult import = session.Run("Import-Module $manifest -ErrorAction Stop", new Dictionary<string, object?> { ["manifest"] = RepositoryPaths.StagedManifest });
            if (import.Errors.Count > 0) throw new InvalidOperationException("Import-Module failed: " + import.Errors[0]);
            // Tests make up input URLs no one serves (https://img.example.com/face1.jpg); the tests of the input check
            // remove this default and use the emulator's samples.
            session.Run("$global:PSDefaultParameterValues = @{ 'New-AkoolTalkingPhoto:SkipInputCheck' = $true }");
            return session;
        }

        public Runspace Runspace => _runspace;

        /// <summary>Runs <paramref name="script"/> with the given variables set, and collects every stream.</summary>
        public ScriptResult Run(string script, Dictionary<string, object?>? variables = null)
        {
            using (PowerShell shell = Prepare(script, variables))
            {
                Collection<PSObject> output = new Collection<PSObject>();
                RuntimeException? terminating = null;
                try
                {
                    output = shell.Invoke();
                }
                catch (RuntimeException ex)
                {
                    terminating = ex;
                }
                return new ScriptResult(output, shell.Streams, shell.HadErrors, terminating);
            }
        }

        /// <summary>Starts <paramref name="script"/> without waiting, so a test can stop it (Ctrl+C) part way.</summary>
        public RunningScript Begin(string script, Dictionary<string, object?>? variables = null) => new RunningScript(Prepare(script, variables));

        private PowerShell Prepare(string script, Dictionary<string, object?>? variables)
        {
            PowerShell shell = PowerShell.Create();
            shell.Runspace = _runspace;
            if (variables != null)
            {
                foreach (KeyValuePair<string, object?> pair in variables) _runspace.SessionStateProxy.SetVariable(pair.Key, pair.Value);
            }
            shell.AddScript(script);
            return shell;
        }

        public void Dispose() => _runspace.Dispose();
    }

    /// <summary>A script running in the background of a test.</summary>
    public sealed class RunningScript : IDisposable
    {
        private readonly PowerShell _shell;
        private readonly PSDataCollection<PSObject> _output = new PSDataCollection<PSObject>();
        private readonly Task _completion;

        internal RunningScript(PowerShell shell)
        {
            _shell = shell;
            IAsyncResult handle = shell.BeginInvoke<PSObject, PSObject>(null, _output);
            _completion = Task.Factory.FromAsync(handle, h =>
            {
                try
                {
                    shell.EndInvoke(h);
                }
                catch (RuntimeException)
                {
                    // Stopping the pipeline ends it with PipelineStoppedException; the test looks at the state.
                }
            });
        }

        public PSDataCollection<PSObject> Output => _output;

        public PSDataStreams Streams => _shell.Streams;

        public PSInvocationState State => _shell.InvocationStateInfo.State;

        public Task Completion => _completion;

        /// <summary>Presses Ctrl+C: stops the pipeline and returns when it has stopped.</summary>
        public void Stop() => _shell.Stop();

        public void Dispose() => _shell.Dispose();
    }
}
