using System.Management.Automation;
using System.Threading.Tasks;
using Akool.Client;
using Akool.Concurrency;
using Akool.Input;

namespace Akool.Commands
{
    // Two guards of the money: a row's URLs are checked before its create (a web page, a 404 or a text file named .jpg
    // costs a create on Akool and fails minutes later), and once Akool says the credit is gone no further row is sent.
    public sealed partial class NewAkoolTalkingPhotoCommand
    {
        // Null with -SkipInputCheck; set in BeginProcessing, before any worker reads it.
        private InputCheck? _inputCheck;

        /// <summary>Send rows without first checking that their photo and audio URLs serve an image and an audio file.</summary>
        [Parameter]
        public SwitchParameter SkipInputCheck { get; set; }

        private InputCheck? NewInputCheck(BackgroundWork<RowWork> work) => SkipInputCheck ? null
            : new InputCheck(ActiveConnection.Client, ThrottleLimit, warning => work.Context.Post(() => WriteWarning(warning)), work.Context.Log,
                Tracing ? line => work.Context.Post(() => WriteDebug(line)) : null, work.Context.Cancellation);

        // Before anything of the row is billed (a text row's speech too), on its final URLs (uploaded ones included):
        // null when they are fine (a text row's audio is Akool's own speech), else the step that ends the row unsent.
        private async Task<Step<RowWork>?> CheckBeforeSendingAsync(RowWork work, TalkingPhotoRequest request)
        {
            if (_inputCheck == null) return null;
            ErrorRecord? error = await _inputCheck.CheckAsync(work.Subject, work.Video, request.TalkingPhotoUrl, work.Speech == null ? request.AudioUrl : null).ConfigureAwait(false);
            return error == null ? null : Step<RowWork>.Report(() => _run!.Fail(error));
        }

        private Step<RowWork> NotSent(RowWork work)
        {
            if (!work.CheckOnly) _run!.NotSent(work.Row, work.Subject);
            return Step<RowWork>.Nothing;
        }

        private static bool CreditGoneBy(System.Exception? error) => error is AkoolApiException { Kind: AkoolErrorKind.Quota };
    }
}
