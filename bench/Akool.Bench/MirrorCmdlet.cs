using System.Management.Automation;

namespace Akool.Bench
{
    /// <summary>
    /// New-AkoolTalkingPhoto's pipeline interface (the same parameters bound by property name, the same aliases and
    /// attributes), for the bench's own cmdlets that measure what PowerShell charges per row (issue 14). Bench only.
    /// The repeated declarations are the point; OverheadBench stops when they no longer match the cmdlet's.
    /// </summary>
    public abstract class BenchTalkingPhotoParameters : PSCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("talking_photo_url", "PhotoUrl", "ImageUrl")]
        [AllowEmptyString]
        [AllowNull]
        public string? TalkingPhotoUrl { get; set; }

        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("audio_url")]
        [AllowEmptyString]
        [AllowNull]
        public string? AudioUrl { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("webhook_url")]
        [AllowEmptyString]
        [AllowNull]
        public string? WebhookUrl { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [AllowNull]
        public string? Resolution { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [AllowNull]
        public string? Prompt { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [AllowNull]
        public string? Name { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("_id", "VideoId", "video_model_id")]
        [AllowEmptyString]
        [AllowNull]
        public string? Id { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Script", "input_text")]
        [AllowEmptyString]
        [AllowNull]
        public string? Text { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("voice_id", "VoiceId")]
        [AllowEmptyString]
        [AllowNull]
        public string? Voice { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("language_code")]
        [AllowEmptyString]
        [AllowNull]
        public string? Language { get; set; }
    }

    /// <summary>
    /// Does nothing but WriteObject per row, bound through New-AkoolTalkingPhoto's interface: what PowerShell itself
    /// charges to bind a CSV row to that interface, before any line of the module runs.
    /// </summary>
    [Cmdlet(VerbsCommunications.Write, "BenchTalkingPhotoRow", SupportsShouldProcess = true)]
    public sealed class WriteBenchTalkingPhotoRowCommand : BenchTalkingPhotoParameters
    {
        protected override void ProcessRecord() => WriteObject(TalkingPhotoUrl);
    }
}
