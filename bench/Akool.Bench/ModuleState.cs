using System;
using System.Linq;
using System.Reflection;

namespace Akool.Bench
{
    /// <summary>Process-wide state of the module that a fresh pwsh session would not have.</summary>
    internal static class ModuleState
    {
        /// <summary>
        /// Empties the module's Tab-completion cache of video ids (Akool.Completion.SeenVideos, capacity 500) in
        /// every loaded copy of the assembly, so each measured batch starts as in a fresh session. Past 500 ids the
        /// cache sorts itself on every call and races with itself across threads (see docs/performance.md), which
        /// would otherwise decide the later measurements of this one long-lived process.
        /// </summary>
        /// <returns>True when a cache was found and emptied.</returns>
        public static bool ForgetSeenVideos()
        {
            bool found = false;
            foreach (Assembly assembly in AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "Akool"))
            {
                object? cache = assembly.GetType("Akool.Completion.SeenVideos")?.GetField("Seen", BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null);
                MethodInfo? clear = cache?.GetType().GetMethod("Clear", Type.EmptyTypes);
                if (clear == null) continue;
                clear.Invoke(cache, null);
                found = true;
            }

            return found;
        }
    }
}
