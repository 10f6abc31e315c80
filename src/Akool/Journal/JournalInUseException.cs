using System;
using System.IO;

namespace Akool.Journal
{
    /// <summary>The journal is held by another run; nothing of this run may use it.</summary>
    public sealed class JournalInUseException : IOException
    {
        /// <summary>Creates the exception.</summary>
        public JournalInUseException(string message, Exception? innerException = null)
            : this(message, false, innerException)
        {
        }

        internal JournalInUseException(string message, bool heldInThisProcess, Exception? innerException)
            : base(message, innerException)
        {
            HeldInThisProcess = heldInThisProcess;
        }

        /// <summary>Whether the run holding the journal is in this process, under the same path.</summary>
        public bool HeldInThisProcess { get; }
    }
}
