using System;
using System.Globalization;
using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Commands.Speech;
using Akool.Completion;
using Akool.Concurrency;

namespace Akool.Commands
{
    /// <summary>
    /// <para type="synopsis">Has Akool's text to speech speak a text (spends credits); returns speech objects whose AudioUrl pipes into New-AkoolTalkingPhoto.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "AkoolSpeech", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(AkoolSpeech))]
    public sealed class NewAkoolSpeechCommand : AkoolApiCmdlet
    {
        // As for video creates: a speech create on the wire when the pipeline ends early gets this long to finish.
        private static readonly TimeSpan CreateGracePeriod = TimeSpan.FromSeconds(10);

        private readonly VoiceLookup _voices = new VoiceLookup();
        private BackgroundWork<SpeechItem>? _work;
        private int _row;

        /// <summary>What to say.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Script", "input_text")]
        [AllowEmptyString]
        public string Text { get; set; } = string.Empty;

        /// <summary>The voice: a name, voice_id or the list's _id (Get-AkoolVoice); its voice_id is sent.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("voice_id", "VoiceId")]
        [ArgumentCompleter(typeof(VoiceCompleter))]
        [AllowEmptyString]
        public string Voice { get; set; } = string.Empty;

        /// <summary>The language of the text (ISO 639-1), sent as language_code.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("language_code")]
        [AllowEmptyString]
        [AllowNull]
        public string? Language { get; set; }

        /// <summary>A label kept on the speech (it binds to New-AkoolTalkingPhoto's -Name).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        [AllowNull]
        public string? Name { get; set; }

        /// <summary>Wait until each speech is spoken (or failed) and write it then, with its MP3's URL.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>The most characters one text may have (your plan's per-request limit).</summary>
        [Parameter]
        [ValidateRange(1, 1000000)]
        public int SpeechCharacterLimit { get; set; } = AkoolClient.DefaultSpeechCharacterLimit;

        /// <inheritdoc />
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _work = StartEngine<SpeechItem>(DoAsync, 4, ReportOrder.Input, CreateGracePeriod);
        }

        /// <inheritdoc />
        protected override void ProcessRecord() => _work!.Guard(() =>
        {
            int row = ++_row;
            string? name = string.IsNullOrWhiteSpace(Name) ? null : Name!.Trim();
            string subject = name == null ? $"Speech {row}" : $"Speech {row} ('{DisplayText.Escape(name)}')";
            int characters = AkoolClient.CountCharacters(Text);
            string? problem = string.IsNullOrWhiteSpace(Text) ? "Text is empty."
                : string.IsNullOrWhiteSpace(Voice) ? "Voice is empty."
                : characters > SpeechCharacterLimit ? string.Format(CultureInfo.InvariantCulture, "Text has {0} characters; one speech may have at most {1} (-SpeechCharacterLimit).", characters, SpeechCharacterLimit)
                : null;
            if (problem != null)
            {
                _work.Done(() => WriteError(ErrorClassifier.Create(ErrorIds.InvalidInput, ErrorCategory.InvalidArgument, Text, $"{subject}: {problem}", "Fix the input; nothing was sent for it.")));
                return;
            }

            VoiceInfo? voice = _voices.Find(Voice, this, out Exception? failure);
            if (failure != null)
            {
                _work.Done(() => WriteError(ErrorClassifier.From(failure, $"{subject}: listing Akool's voices failed, so nothing was sent", Voice)));
                return;
            }

            if (voice == null)
            {
                string wanted = Voice;
                _work.Done(() => WriteError(ErrorClassifier.Create(ErrorIds.VoiceNotFound, ErrorCategory.ObjectNotFound, wanted,
                    $"{subject}: no voice is named '{DisplayText.Escape(wanted.Trim())}' (by voice_id, _id, or a single name among Akool's and your own voices); nothing was sent.",
                    "Run Get-AkoolVoice (and Get-AkoolVoice -Own) to see the voices, and give one's name or VoiceId.")));
                return;
            }

            var job = new SpeechJob(Text, voice.VoiceId, voice.Name ?? voice.VoiceId, string.IsNullOrWhiteSpace(Language) ? null : Language!.Trim());
            if (!ShouldProcess(string.Format(CultureInfo.InvariantCulture, "{0}: {1} characters in voice '{2}' (billed per 1,000 characters)", subject, job.Characters, DisplayText.Escape(job.VoiceLabel)), "Create an Akool speech (spends credits)")) return;

            _work.WaitForRoom(32);
            _work.Start(new SpeechItem(subject, name, job, Wait.IsPresent));
        });

        /// <inheritdoc />
        protected override void EndProcessing() => _work!.Guard(() => _work.WaitUntilDone());

        private async Task<Step<SpeechItem>> DoAsync(SpeechItem item, WorkContext context)
        {
            // Speech alone keeps no journal: the speech object written out is the record.
            SpeechProgress progress = await SpeechStep.AdvanceAsync(ActiveConnection.Client, item.Job, item.Subject, item.Name, (state, id, url, reason) => { }, context).ConfigureAwait(false);
            switch (progress.Kind)
            {
                case SpeechProgressKind.Waiting when item.Wait:
                    return Step<SpeechItem>.Again(new SpeechItem(item.Subject, item.Name, progress.Job, item.Wait), progress.After);
                case SpeechProgressKind.Waiting:
                case SpeechProgressKind.Spoken:
                    AkoolSpeech speech = progress.Job.ToSpeech(item.Name, progress.Info);
                    return Step<SpeechItem>.Report(() => WriteObject(speech));
                default:
                    AkoolSpeech target = progress.Job.ToSpeech(item.Name, progress.Info);
                    return Step<SpeechItem>.Report(() =>
                    {
                        if (progress.Record != null) WriteError(progress.Record);
                        else WriteFailure(progress.Error!, item.Subject, target);
                    });
            }
        }

        /// <summary>One speech's work, immutable: a new item per step.</summary>
        private sealed class SpeechItem
        {
            public SpeechItem(string subject, string? name, SpeechJob job, bool wait)
            {
                Subject = subject;
                Name = name;
                Job = job;
                Wait = wait;
            }

            public string Subject { get; }

            public string? Name { get; }

            public SpeechJob Job { get; }

            public bool Wait { get; }
        }
    }
}
