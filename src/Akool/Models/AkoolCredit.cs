using System;

namespace Akool
{
    /// <summary>The account's credit balance (it covers every Akool product).</summary>
    public sealed class AkoolCredit
    {
        internal AkoolCredit(decimal credit, Uri baseUri, DateTimeOffset retrievedAt)
        {
            Credit = credit;
            BaseUri = baseUri;
            RetrievedAt = retrievedAt;
        }

        /// <summary>The balance.</summary>
        public decimal Credit { get; }

        /// <summary>The API it was read from.</summary>
        public Uri BaseUri { get; }

        /// <summary>When it was read.</summary>
        public DateTimeOffset RetrievedAt { get; }

        /// <summary>The balance as text.</summary>
        public override string ToString() => Credit.ToString(System.Globalization.CultureInfo.CurrentCulture);
    }
}
