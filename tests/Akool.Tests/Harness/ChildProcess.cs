using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace Akool.Tests.Harness
{
    /// <summary>What a child process printed and how it ended.</summary>
    public sealed record ChildResult(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>Runs `dotnet &lt;dll&gt; args` as a fresh process with a chosen environment, and waits for it (bounded).</summary>
    public static class ChildProcess
    {
        /// <summary>The proxy variables .NET reads, in both spellings: cleared unless a test sets them.</summary>
        public static readonly string[] ProxyVariables = { "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy" };

        public static ProcessStartInfo StartInfo(string dll, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null)
        {
            ProcessStartInfo info = ProgramStartInfo("dotnet", environment);
            info.ArgumentList.Add(dll);
            foreach (string argument in arguments) info.ArgumentList.Add(argument);
            return info;
        }

        /// <summary>How to start <paramref name="program"/> with its output captured, no proxy variables unless set, and <paramref name="environment"/>.</summary>
        public static ProcessStartInfo ProgramStartInfo(string program, IDictionary<string, string?>? environment = null)
        {
            var info = new ProcessStartInfo(program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            foreach (string name in ProxyVariables) info.Environment.Remove(name);
            if (environment != null)
            {
                foreach (KeyValuePair<string, string?> pair in environment)
                {
                    if (pair.Value == null) info.Environment.Remove(pair.Key);
                    else info.Environment[pair.Key] = pair.Value;
                }
            }
            return info;
        }

        public static Task<ChildResult> RunAsync(string dll, IEnumerable<string> arguments, IDictionary<string, string?>? environment = null, TimeSpan? timeout = null) =>
            RunAsync(StartInfo(dll, arguments, environment), timeout);

        /// <summary>Runs <paramref name="start"/> to its end (killed with its children after <paramref name="timeout"/>, 90 s by default), its output captured.</summary>
        public static async Task<ChildResult> RunAsync(ProcessStartInfo start, TimeSpan? timeout = null)
        {
            using Process process = Process.Start(start)!;
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> error = process.StandardError.ReadToEndAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(timeout ?? TimeSpan.FromSeconds(90));
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("The child process did not end: " + await output + await error);
            }
            return new ChildResult(process.ExitCode, await output, await error);
        }

        /// <summary>
        /// Runs <paramref name="script"/> in the repository's pwsh, `dotnet pwsh` (.config/dotnet-tools.json; a clone
        /// needs `dotnet tool restore` once), from the repository's root where the tool manifest is found, with the
        /// solution already built (the Pester suite would otherwise build it again itself).
        /// </summary>
        public static Task<ChildResult> RunPwshAsync(string script, params string[] arguments) => RunPwshAsync(null, script, arguments);

        /// <summary>As <see cref="RunPwshAsync(string, string[])"/>, with <paramref name="environment"/> set or (null values) removed.</summary>
        public static Task<ChildResult> RunPwshAsync(IDictionary<string, string?>? environment, string script, params string[] arguments)
        {
            var variables = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>()) { ["AKOOL_PESTER_SKIP_BUILD"] = "1" };
            ProcessStartInfo start = ProgramStartInfo("dotnet", variables);
            start.WorkingDirectory = RepositoryPaths.Root;
            foreach (string argument in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-File", script }) start.ArgumentList.Add(argument);
            foreach (string argument in arguments) start.ArgumentList.Add(argument);
            return RunAsync(start, TimeSpan.FromMinutes(8));
        }

        /// <summary>The test assembly itself, whose entry point is <see cref="ChildHost"/>.</summary>
        public static string TestHostDll => typeof(ChildHost).Assembly.Location;

        /// <summary>The emulator as built, run as users run it.</summary>
        public static string EmulatorDll => Path.Combine(Path.GetDirectoryName(typeof(Akool.Emulator.AkoolEmulator).Assembly.Location)!, "Akool.Emulator.dll");
    }
}
