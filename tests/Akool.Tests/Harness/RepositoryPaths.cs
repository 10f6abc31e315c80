using System;
using System.IO;

namespace Akool.Tests.Harness
{
    /// <summary>Where things are in the repository the tests run from.</summary>
    public static class RepositoryPaths
    {
        private static readonly Lazy<string> RootLazy = new Lazy<string>(FindRoot);

        /// <summary>The folder that holds Akool.sln.</summary>
        public static string Root => RootLazy.Value;

        /// <summary>The staged module's manifest, as a user imports it.</summary>
        public static string StagedManifest => Path.Combine(Root, "out", "Akool", "Akool.psd1");

        private static string FindRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Akool.sln"))) return dir.FullName;
            }
            throw new InvalidOperationException("Akool.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
