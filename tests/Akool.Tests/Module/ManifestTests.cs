using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Module
{
    /// <summary>The staged module is what a user imports: its manifest must be valid and say exactly what it exports.</summary>
    public sealed class ManifestTests
    {
        [Fact]
        public void StagedManifestPassesTestModuleManifest()
        {
            using PowerShellSession shell = PowerShellSession.Start();
            ScriptResult result = shell.Run("Test-ModuleManifest -Path $manifest -ErrorAction Stop", new Dictionary<string, object?> { ["manifest"] = RepositoryPaths.StagedManifest });

            Assert.Empty(result.Errors);
            var module = Assert.IsType<PSModuleInfo>(Assert.Single(result.Output).BaseObject);
            Assert.Equal("Akool", module.Name);
            Assert.Equal(typeof(Akool.AkoolVideo).Assembly.GetName().Version!.ToString(3), module.Version.ToString(3));
            Assert.Contains("Core", module.CompatiblePSEditions);
            Assert.Contains("Desktop", module.CompatiblePSEditions);
        }

        [Fact]
        public void ModuleExportsExactlyTheCmdletsTheManifestLists()
        {
            using PowerShellSession shell = PowerShellSession.Start();
            ScriptResult manifest = shell.Run("(Test-ModuleManifest -Path $manifest).ExportedCmdlets.Keys", new Dictionary<string, object?> { ["manifest"] = RepositoryPaths.StagedManifest });
            ScriptResult exported = shell.Run("(Get-Module Akool).ExportedCommands.Values | ForEach-Object { $_.CommandType.ToString() + ':' + $_.Name }");

            var listed = manifest.Output.Select(o => "Cmdlet:" + o).OrderBy(n => n).ToList();
            var actual = exported.Output.Select(o => o.ToString()).OrderBy(n => n).ToList();
            Assert.Equal(12, listed.Count);
            Assert.Equal(listed, actual);
        }

        [Fact]
        public void ManifestDeclaresNoWildcardsAndGalleryMetadata()
        {
            using PowerShellSession shell = PowerShellSession.Start();
            ScriptResult result = shell.Run("$m = Test-ModuleManifest -Path $manifest; $m.ExportedFunctions.Count; $m.ExportedAliases.Count; $m.ExportedVariables.Count; $m.PrivateData.PSData.Tags; $m.ProjectUri; $m.LicenseUri", new Dictionary<string, object?> { ["manifest"] = RepositoryPaths.StagedManifest });

            var values = result.Output.Select(o => o.ToString()).ToList();
            Assert.Equal(new[] { "0", "0", "0" }, values.Take(3));
            Assert.Contains("PSEdition_Core", values);
            Assert.Contains("PSEdition_Desktop", values);
            Assert.Contains("Linux", values);
            Assert.Contains(values, v => v.StartsWith("https://", System.StringComparison.Ordinal));
        }
    }
}
