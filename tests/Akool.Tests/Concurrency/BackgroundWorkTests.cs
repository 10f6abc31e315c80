using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Akool.Concurrency;
using Akool.Tests.Harness;
using Xunit;

namespace Akool.Tests.Concurrency
{
    /// <summary>The one background-work engine, alone: order, wake-up, re-scheduling, stop with grace, cleanup.</summary>
    public sealed class BackgroundWorkTests
    {
        [Fact]
        public void ReportsInInputOrderWhateverOrderTheWorkFinishesIn()
        {
            var reported = new List<int>();
            using var work = new BackgroundWork<int>(async (item, context) =>
            {
                await Task.Delay((10 - item) * 5, context.Cancellation);
                return Step<int>.Report(() => reported.Add(item));
            }, throttle: 10, ReportOrder.Input, TimeSpan.Zero, CancellationToken.None);

            for (int i = 0; i < 10; i++) work.Start(i);
            work.Done(() => reported.Add(99));
            Assert.True(work.WaitUntilDone());

            Assert.Equal(Enumerable.Range(0, 10).Append(99), reported);
        }

        [Fact]
        public void WorkStartsInInputOrderSoOneSlotSendsRowsOneAfterAnotherInOrder()
        {
            var started = new System.Collections.Concurrent.ConcurrentQueue<int>();
            using var work = new BackgroundWork<int>(async (item, context) =>
            {
                started.Enqueue(item);
                await Task.Delay(1, context.Cancellation);
                return Step<int>.Report(() => { });
            }, throttle: 1, ReportOrder.Input, TimeSpan.Zero, CancellationToken.None);

            for (int i = 0; i < 50; i++) work.Start(i);
            Assert.True(work.WaitUntilDone());

            Assert.Equal(Enumerable.Range(0, 50), started);
        }

        [Fact]
        public void AWaitWakesWhenTheWorkCompletesNotAtATick()
        {
            using var work = new BackgroundWork<int>((item, context) => Task.FromResult(Step<int>.Report(() => { })),
                throttle: 1, ReportOrder.Completion, TimeSpan.Zero, CancellationToken.None);

            var clock = Stopwatch.StartNew();
            for (int i = 0; i < 100; i++)
            {
                work.Start(i);
                work.WaitUntilDone();
            }

            // A 100 ms tick would make this take 10 s; waking on completion takes well under one tick in all.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"100 waits took {clock.ElapsedMilliseconds} ms");
        }

        [Fact]
        public void AnItemAskedAgainCarriesItsNewStateUntilItIsDone()
        {
            var reported = new List<int>();
            using var work = new BackgroundWork<int>((item, context) => Task.FromResult(item < 3
                    ? Step<int>.Again(item + 1, TimeSpan.FromMilliseconds(1))
                    : Step<int>.Report(() => reported.Add(item))),
                throttle: 2, ReportOrder.Completion, TimeSpan.Zero, CancellationToken.None);

            work.Start(0);
            Assert.True(work.WaitUntilDone());

            Assert.Equal(new[] { 3 }, reported);
            Assert.Empty(work.Outstanding);
        }

        [Fact]
        public async Task StopCancelsAtOnceButGivesBillableWorkItsGracePeriodAndCleansUpAfterTheLastWorker()
        {
            using var release = new ManualResetEventSlim();
            bool readCancelledAtOnce = false;
            bool graceStillOpen = false;
            bool cleanedUpAfterWorker = false;
            int workersDone = 0;
            using var work = new BackgroundWork<int>(async (item, context) =>
            {
                await Task.Yield();
                release.Wait(TimeSpan.FromSeconds(10));
                readCancelledAtOnce = context.Cancellation.IsCancellationRequested;
                graceStillOpen = !context.GraceCancellation.IsCancellationRequested;
                Interlocked.Increment(ref workersDone);
                return Step<int>.Report(() => { });
            }, throttle: 1, ReportOrder.Input, TimeSpan.FromSeconds(30), CancellationToken.None);

            work.Start(1);
            work.Start(2); // waits for the one slot: dropped by the stop, never run
            Eventually.True(() => work.Running == 2, TimeSpan.FromSeconds(5), "both started");
            work.AfterLastWork(() => cleanedUpAfterWorker = Volatile.Read(ref workersDone) == 1);
            var stopping = Task.Run(work.Stop);
            Eventually.True(() => work.Running == 1, TimeSpan.FromSeconds(5), "the queued item dropped at once");
            release.Set();
            await stopping.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.True(readCancelledAtOnce);
            Assert.True(graceStillOpen);
            Assert.True(cleanedUpAfterWorker);
            Assert.Equal(1, workersDone);
        }

        [Fact]
        public void CtrlCEndsAWaitAtOnceAsAPipelineStop()
        {
            using var stop = new CancellationTokenSource();
            using var work = new BackgroundWork<int>(async (item, context) =>
            {
                await Task.Delay(Timeout.Infinite, context.Cancellation);
                return Step<int>.Nothing;
            }, throttle: 1, ReportOrder.Input, TimeSpan.Zero, stop.Token);

            work.Start(1);
            stop.CancelAfter(50);
            var clock = Stopwatch.StartNew();
            Assert.Throws<PipelineStoppedException>(() => work.WaitUntilDone());
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        }
    }
}
