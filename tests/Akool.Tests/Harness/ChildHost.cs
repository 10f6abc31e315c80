using System;
using System.Collections.Generic;
using System.IO;

namespace Akool.Tests.Harness
{
    /// <summary>
    /// The test assembly's entry point, used only when a test starts this assembly as a fresh process
    /// (<c>dotnet Akool.Tests.dll run-script &lt;file&gt;</c>), as a runbook starts: a new process whose environment
    /// (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) is read once, at its first request. It imports the staged module into a
    /// runspace, runs the script, prints each output object on a line and each error as
    /// <c>ERROR &lt;FullyQualifiedErrorId&gt; &lt;message&gt;</c>, and exits 0 only when there was no error.
    /// </summary>
    public static class ChildHost
    {
        public static int Main(string[] args)
        {
            if (args.Length != 2 || args[0] != "run-script")
            {
                Console.Error.WriteLine("usage: dotnet Akool.Tests.dll run-script <file.ps1>");
                return 64;
            }

            using PowerShellSession session = PowerShellSession.Start(Path.GetDirectoryName(Path.GetFullPath(args[1])));
            ScriptResult result = session.Run(File.ReadAllText(args[1]), new Dictionary<string, object?>());
            foreach (var item in result.Output) Console.WriteLine(item?.ToString());
            foreach (var error in result.Errors) Console.WriteLine("ERROR " + error.FullyQualifiedErrorId + " " + (error.ErrorDetails?.Message ?? error.ToString()));
            return result.Errors.Count == 0 ? 0 : 1;
        }
    }
}
