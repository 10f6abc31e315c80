using System.Threading;

namespace Akool
{
    /// <summary>
    /// Holds the current connection. It is process-wide (shared by every runspace that imported the module), like
    /// the module's assembly itself; a script that needs isolation passes <c>-Connection</c> explicitly.
    /// </summary>
    internal static class AkoolSession
    {
        private static AkoolConnection? s_current;

        public static AkoolConnection? Current => Volatile.Read(ref s_current);

        /// <summary>Makes <paramref name="connection"/> current and disposes the one it replaces.</summary>
        public static void SetCurrent(AkoolConnection? connection)
        {
            AkoolConnection? previous = Interlocked.Exchange(ref s_current, connection);
            if (previous != null && !ReferenceEquals(previous, connection)) previous.Dispose();
        }
    }
}
