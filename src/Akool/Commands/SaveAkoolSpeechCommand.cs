using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Commands.Speech;
using Akool.Concurrency;
using Akool.Errors;
using Akool.Input;
using Akool.Models;

namespace Akool.Commands
{
    /// <summary>Downloads completed Akool speeches (New-AkoolSpeech) into a folder, one MP3 file per speech.</summary>
    [Cmdlet(VerbsData.Save, "AkoolSpeech", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = IdSet)]
    [OutputType(typeof(FileInfo))]
    public sealed class SaveAkoolSpeechCommand : AkoolApiCmdlet
    {
        private const string IdSet = "Id";
        private const string InputObjectSet = "InputObject";

        private SaveRun<AkoolSpeech>? _run;

        /// <summary>The speeches to save, as New-AkoolSpeech writes them.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public AkoolSpeech[] InputObject { get; set; } = Array.Empty<AkoolSpeech>();

        /// <summary>Speech ids (Akool's <c>_id</c>), by value or from any object with an Id column; each is read from Akool first.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("_id", "SpeechId")]
        [ArgumentCompleter(typeof(Completion.SpeechIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; } = Array.Empty<string>();

        /// <summary>Each piped object as it came, so a speech bound by its Id is used as it is. Not for typing.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? PipedObject { get; set; }

        /// <summary>Seconds to wait in all for speeches still being spoken; 0 waits as long as it takes.</summary>
        [Parameter]
        [Alias("TimeoutSec")]
        [ValidateRange(0, int.MaxValue)]
        public int Timeout { get; set; } = SpeechStep.DefaultTimeoutSeconds;

        /// <summary>The folder to save into; created when missing. Default: the current location.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Destination { get; set; }

        /// <summary>Overwrites files that already exist.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Leaves a file that already exists alone and emits it as saved, once it is proven to be the speech (for re-running a batch).</summary>
        [Parameter]
        public SwitchParameter SkipExisting { get; set; }

        /// <summary>How many downloads run at once.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        /// <summary>The Name to carry onto speeches given by id, which names their files (Import-Csv rows bring it along by property name).</summary>
        [Parameter(ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [AllowNull]
        public string? Name { get; set; }

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _run = new SaveRun<AkoolSpeech>(this, new Speeches(Timeout == 0 ? (DateTimeOffset?)null : DateTimeOffset.UtcNow.AddSeconds(Timeout)), Destination, Force, SkipExisting, ThrottleLimit);
        }

        /// <inheritdoc />
        protected override void ProcessRecord() => _run!.Process(CurrentSpeeches());

        /// <inheritdoc />
        protected override void EndProcessing() => _run!.End();

        private IEnumerable<AkoolSpeech> CurrentSpeeches()
        {
            if (ParameterSetName == IdSet && PipedObject?.BaseObject is AkoolSpeech piped && Id.Length == 1 && Id[0] == piped.Id)
            {
                Completion.SeenIds.Speeches.Remember(piped.Id, piped.Name);
                return new[] { piped };
            }
            if (ParameterSetName == IdSet)
            {
                // Known by id only: Status is Unknown and there is no URL, so each is read from Akool first.
                return UsableIds(Id, "speech", "New-AkoolSpeech").Select(id => AkoolSpeech.FromId(id, InputRules.Optional(Name)));
            }
            return InputObject.Where(speech => speech != null).Select(speech =>
            {
                Completion.SeenIds.Speeches.Remember(speech.Id, speech.Name);
                return speech;
            });
        }

        // Unlike a video's, a speech's URL is not checked for expiry before use: the API contract is silent on the
        // lifetime of speech results, so none is assumed (nor the video advice's 7 days).
        private sealed class Speeches(DateTimeOffset? deadline) : SaveKind<AkoolSpeech>("speech", "speeches", ".mp3", SavedFileKind.Mp3Speech, 0x4B3, "give the speech another Name",
            "Check the Id (the _id New-AkoolSpeech returned) and that you are connected to the account that made the speech.",
            "Run New-AkoolSpeech again to make the speech anew (it is billed again).")
        {

            public override string Id(AkoolSpeech item) => item.Id;

            public override string? Name(AkoolSpeech item) => item.Name;

            public override string Describe(AkoolSpeech item) =>
                string.IsNullOrEmpty(item.Name) ? $"Speech {item.Id}" : $"Speech {item.Id} ('{DisplayText.Escape(item.Name)}')";

            public override bool IsReady(AkoolSpeech item) => item.Status == AkoolSpeechStatus.Completed && !string.IsNullOrEmpty(item.Url);

            public override string Url(AkoolSpeech item) => item.Url!;

            public override async Task<AkoolSpeech> ReadAsync(AkoolClient client, AkoolSpeech item, WorkContext context)
            {
                for (int polls = 0; ; polls++)
                {
                    // The slot is free during the pause; Ctrl+C cancels it at once.
                    if (polls > 0) await context.PauseAsync(SpeechStep.PollDelay(polls)).ConfigureAwait(false);
                    AkoolSpeech speech = item.WithServerState(await client.GetSpeechAsync(item.Id, context.Log, context.Cancellation).ConfigureAwait(false));
                    if (IsReady(speech) || speech.Status == AkoolSpeechStatus.Failed || DateTimeOffset.UtcNow >= deadline) return speech;
                }
            }

            public override ErrorRecord? NotReady(AkoolSpeech speech, Action<string> warn)
            {
                if (speech.Status == AkoolSpeechStatus.Failed)
                {
                    // A failed speech will never have a file: waiting for it is not the advice.
                    string reason = string.IsNullOrEmpty(speech.ErrorReason) ? string.Empty : $" ({speech.ErrorReason})";
                    return ErrorClassifier.Create(ErrorIds.SpeechFailed, ErrorCategory.InvalidResult, speech,
                        $"{Describe(speech)} failed at Akool{reason}, so there is no file to save.", "Check the text and voice, then run New-AkoolSpeech again.");
                }
                if (!IsReady(speech))
                {
                    return ErrorClassifier.Create(ErrorIds.SpeechNotCompleted, ErrorCategory.OperationTimeout, speech,
                        $"{Describe(speech)} is still {speech.Status}, not Completed with an MP3 URL, at the end of -Timeout, so nothing was saved.",
                        "Raise -Timeout, or run Save-AkoolSpeech again later with its Id; the speech keeps going at Akool.");
                }
                return null;
            }

            public override (string Id, ErrorCategory Category) Classify(AkoolErrorKind kind) => ErrorClassifier.ClassifySpeech(kind);
        }
    }
}
