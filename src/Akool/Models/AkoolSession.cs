using System.Threading;

namespace Akool.Models
{
    internal static class AkoolSession
    {
        private static AkoolConnection? s_current;

        public static AkoolConnection? Current => Volatile.Read(ref s_current);

        // The replaced connection is not disposed: one handed out (-PassThru) or in use in another runspace must keep working.
        public static void SetCurrent(AkoolConnection? connection) => Interlocked.Exchange(ref s_current, connection);

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
