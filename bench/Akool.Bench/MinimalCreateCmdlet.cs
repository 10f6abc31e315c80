using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Akool.Client;

namespace Akool.Bench
{
    /// <summary>
    /// The least any binary cmdlet can do to make New-AkoolTalkingPhoto's creates from CSV rows: bind each row through
    /// the same interface, send its create at most 4 at a time (rows queue up to 32 ahead, so binding overlaps the
    /// network, as the module's does), and write each answer's id in input order. No validation, journal, retries,
    /// error records, progress or Ctrl+C. Against the HttpClient loop it shows what hosting the same creates in a
    /// PowerShell pipeline costs before any of the module's own work; with -ModuleClient it sends through the module's
    /// AkoolClient instead of <see cref="RawAkool"/>, which splits the module's remaining cost between its client and
    /// its cmdlet (issue 14). Bench only.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "BenchTalkingPhoto")]
    public sealed class NewBenchTalkingPhotoCommand : BenchTalkingPhotoParameters, IDisposable
    {
        private const int Slots = 4;
        private const int QueuedAhead = 32;
        private readonly SemaphoreSlim _free = new SemaphoreSlim(Slots);
        private readonly Queue<Task<string>> _inOrder = new Queue<Task<string>>();

        /// <summary>Send through the module's AkoolClient rather than a plain HttpClient with System.Text.Json.</summary>
        [Parameter]
        public SwitchParameter ModuleClient { get; set; }

        /// <summary>The plain client; set by the bench before the cmdlet runs.</summary>
        internal static RawAkool? Raw { get; set; }

        /// <summary>The module's client, for -ModuleClient; set by the bench before the cmdlet runs.</summary>
        internal static AkoolClient? Module { get; set; }

        public void Dispose() => _free.Dispose();

        protected override void ProcessRecord()
        {
            if (_inOrder.Count >= QueuedAhead) WriteObject(_inOrder.Dequeue().GetAwaiter().GetResult());
            _inOrder.Enqueue(CreateAsync(TalkingPhotoUrl!, AudioUrl!));
            while (_inOrder.Count > 0 && _inOrder.Peek().IsCompleted) WriteObject(_inOrder.Dequeue().Result);
        }

        protected override void EndProcessing()
        {
            while (_inOrder.Count > 0) WriteObject(_inOrder.Dequeue().GetAwaiter().GetResult());
        }

        private async Task<string> CreateAsync(string photoUrl, string audioUrl)
        {
            await _free.WaitAsync().ConfigureAwait(false);
            try
            {
                if (!ModuleClient) return await Raw!.CreateAsync(photoUrl, audioUrl).ConfigureAwait(false);
                var request = new TalkingPhotoRequest { TalkingPhotoUrl = photoUrl, AudioUrl = audioUrl };
                return (await Module!.CreateTalkingPhotoAsync(request, null, CancellationToken.None).ConfigureAwait(false)).Id;
            }
            finally
            {
                _free.Release();
            }
        }
    }
}
