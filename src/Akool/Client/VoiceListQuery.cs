namespace Akool.Client
{
    /// <summary>What to ask the voice list for. Filters that are null are not sent.</summary>
    internal sealed class VoiceListQuery
    {
        /// <summary>True for the account's own (cloned) voices (<c>type=1</c>); false for Akool's (<c>type=2</c>).</summary>
        public bool Own { get; set; }

        /// <summary><c>gender</c>: comma-separated, e.g. "Male" or "Male,Female".</summary>
        public string? Gender { get; set; }

        /// <summary><c>name</c>: Akool matches it fuzzily.</summary>
        public string? Name { get; set; }

        /// <summary><c>age</c>: comma-separated tags.</summary>
        public string? Age { get; set; }

        /// <summary><c>style</c>: comma-separated tags.</summary>
        public string? Style { get; set; }

        /// <summary><c>scenario</c>: comma-separated tags.</summary>
        public string? Scenario { get; set; }
    }
}
