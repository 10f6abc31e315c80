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
        /// every loaded copy of the assembly, so each measured batch starts as in a fresh session. Until db0b2ee,
        /// past 500 ids the cache sorted itself on every call and raced with itself across threads (see
        /// docs/performance.md). Knows the layouts before the fifth session of issue 14 (fields Seen, or Newest and
        /// ById, on SeenVideos) and the one since (SeenVideos.Ids, a SeenIds with Clear).
        /// </summary>
        /// <returns>True when a cache was found and emptied.</returns>
        public static bool ForgetSeenVideos()
        {
            bool found = false;
            foreach (Assembly assembly in AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "Akool"))
            {
                Type? type = assembly.GetType("Akool.Completion.SeenVideos");
                if (type == null) continue;
                object? ids = type.GetField("Ids", BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null);
                MethodInfo? clearIds = ids?.GetType().GetMethod("Clear", BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes);
                if (clearIds != null)
                {
                    clearIds.Invoke(ids, null);
                    found = true;
                    continue;
                }

                object? gate = type.GetField("Lock", BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null);
                lock (gate ?? type)
                {
                    foreach (string name in new[] { "Seen", "Newest", "ById" })
                    {
                        object? collection = type.GetField(name, BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null);
                        MethodInfo? clear = collection?.GetType().GetMethod("Clear", Type.EmptyTypes);
                        if (clear == null) continue;
                        clear.Invoke(collection, null);
                        found = true;
                    }
                }
            }

            return found;
        }
    }
}
