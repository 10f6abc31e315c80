// The current Akool connection is process-wide by design (see AkoolSession), so the tests that run in this process
// run one at a time, in the one collection of the assembly. Tests whose work is all in a child process (the Pester
// suite, the demo) have collections of their own (ChildProcessTests), which run beside it.
[assembly: Xunit.CollectionBehavior(Xunit.CollectionBehavior.CollectionPerAssembly, MaxParallelThreads = 3)]

namespace Akool.Tests.Harness
{
    /// <summary>The names of the collections whose tests run in a child process, in parallel with the rest.</summary>
    public static class ChildProcessTests
    {
        public const string Pester = "Pester suite in a child pwsh";

        public const string Demo = "Demo in a child pwsh";
    }
}
