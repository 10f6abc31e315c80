using System;

namespace Akool
{
    /// <summary>A failure the module itself detects (bad input, a file in the way, a video that failed or timed out).</summary>
    public sealed class AkoolException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public AkoolException(string message, Exception? innerException = null)
            : base(message, innerException)
        {
        }
    }
}
