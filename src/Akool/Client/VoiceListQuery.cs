namespace Akool.Client
{
    internal sealed class VoiceListQuery
    {
        public bool Own { get; set; }

        public string? Gender { get; set; }

        public string? Name { get; set; }

        public string? Age { get; set; }

        public string? Style { get; set; }

        public string? Scenario { get; set; }
    }
}
