using System.Threading;

namespace Akool.Models
{
    /// <summary>
    /// Holds the current connection. It is process-wide (shared by every runspace that imported the module), like
    /// the module's assembly itself; a script that needs isolation passes <c>-Connection</c> explicitly.
    /// </summary>
    internal static class AkoolSession
    {
        private static AkoolConnection? s_current;

        public static AkoolConnection? Current => Volatile.Read(ref s_current);

        /// <summary>
        /// Makes <paramref name="connection"/> current. The one it replaces is NOT disposed: connections have
        /// reference semantics, and one handed out (<c>Connect-Akool -PassThru</c>, <c>Get-AkoolConnection</c>) or in use
        /// by a batch in another runspace must keep working. Its HTTP connections close when idle, and it is freed
        /// when nothing refers to it; <see cref="Disconnect"/> disposes explicitly.
        /// </summary>
        public static void SetCurrent(AkoolConnection? connection) => Interlocked.Exchange(ref s_current, connection);

        /// <summary>
        /// Disposes <paramref name="connection"/> (the current one when null) and, when it is the current one,
        /// forgets it. Returns false when there was nothing to disconnect.
        /// </summary>
        public static bool Disconnect(AkoolConnection? connection)
        {
            AkoolConnection? target = connection ?? Current;
            if (target == null) return false;
            Interlocked.CompareExchange(ref s_current, null, target);
            target.Dispose();
            return true;
        }
    }
}
