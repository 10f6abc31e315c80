using System;
using System.IO;

namespace Akool.Journal
{
    /// <summary>The journal is held by another run; nothing of this run may use it.</summary>
    public sealed class JournalInUseException : IOException
    {
        /// <summary>Creates the exception.</summary>
        public JournalInUseException(string message, Exception? innerException = null)
            : base(message, innerException)
        {
        }
    }
}
