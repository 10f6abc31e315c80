using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Akool.Emulator;
using Akool.Tests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace Akool.Tests.Scripts
{
    /// <summary>
    /// The module as the Gallery would serve it: `build.ps1 -Task Package` publishes it (Publish-PSResource) to a
    /// local folder repository, and a fresh pwsh with empty user folders installs it from there (Install-PSResource)
    /// and runs the help and the one-liner against the emulator. It shares a collection with the demo, which builds the
    /// same projects.
    /// </summary>
    [Collection(ChildProcessTests.Demo)]
    public sealed class InstallTests : IDisposable
    {
        private readonly string _work = Path.Combine(Path.GetTempPath(), "akool-install-" + Guid.NewGuid().ToString("N"));
        private readonly ITestOutputHelper _output;

        public InstallTests(ITestOutputHelper output) => _output = output;

        public void Dispose()
        {
            try
            {
                Directory.Delete(_work, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        [Fact]
        public async Task TheModulePublishedToAFolderRepositoryInstallsAndRunsTheOneLiner()
        {
            Directory.CreateDirectory(Path.Combine(_work, "examples"));
            File.Copy(Path.Combine(RepositoryPaths.Root, "examples", "jobs.csv"), Path.Combine(_work, "examples", "jobs.csv"));
            // A user of their own: PSResourceGet's repositories and the current user's modules start empty (and the
            // real user's are untouched). dotnet still finds its tools and packages where they are.
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            var isolated = new Dictionary<string, string?>
            {
                ["HOME"] = Path.Combine(_work, "home"),
                ["XDG_DATA_HOME"] = null,
                ["PSModulePath"] = null,
                ["NUGET_PACKAGES"] = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(home, ".nuget", "packages"),
                ["DOTNET_CLI_HOME"] = Environment.GetEnvironmentVariable("DOTNET_CLI_HOME") ?? home,
            };
            Directory.CreateDirectory(isolated["HOME"]!);
            await using AkoolEmulator emulator = await AkoolEmulator.StartAsync(new EmulatorOptions { QueueTime = TimeSpan.Zero, ProcessingTime = TimeSpan.FromMilliseconds(200) });

            // The build inside the task runs as the real user: under another HOME, NuGet would restore (and rebuild) anew.
            var ownRepositoryStore = new Dictionary<string, string?> { ["XDG_DATA_HOME"] = Path.Combine(_work, "data") };
            ChildResult package = await ChildProcess.RunPwshAsync(ownRepositoryStore, "./build.ps1", "-Task", "Package");
            _output.WriteLine(package.StandardOutput + package.StandardError);
            Assert.True(package.ExitCode == 0, package.StandardOutput + package.StandardError);
            ChildResult install = await ChildProcess.RunPwshAsync(isolated, Path.Combine("tests", "Akool.Tests", "Scripts", "InstallFromRepository.ps1"),
                "-Repository", Path.Combine(RepositoryPaths.Root, "out", "packages"), "-BaseUri", emulator.BaseUri.ToString(), "-ApiKey", emulator.Options.ApiKey, "-Work", _work);

            string report = install.StandardOutput + install.StandardError;
            _output.WriteLine(report);
            Assert.True(install.ExitCode == 0, report);
            string installedUnder = Path.Combine(_work, "home", ".local", "share", "powershell", "Modules", "Akool") + Path.DirectorySeparatorChar;
            Assert.Contains("installed=" + installedUnder, report, StringComparison.Ordinal);
            Assert.Contains("module=" + installedUnder, report, StringComparison.Ordinal);
            Assert.Contains("license=True", report, StringComparison.Ordinal);
            Assert.Contains("changelog=True", report, StringComparison.Ordinal);
            Assert.Matches(@"examples=([2-9]|\d\d)", report);
            Assert.Contains("saved=7", report, StringComparison.Ordinal);
            Assert.Contains("failed=1", report, StringComparison.Ordinal);
            Assert.Equal(7, Directory.GetFiles(Path.Combine(_work, "videos"), "*.mp4").Length);
        }
    }
}
