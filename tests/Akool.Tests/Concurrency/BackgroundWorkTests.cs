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
    /// <summary>The one background-work engine, alone: order, wake-up, pauses, stop with grace, cleanup.</summary>
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
            Assert.True(work.WaitUntilDone());

            Assert.Equal(Enumerable.Range(0, 10), reported);
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
        public void APausedWorkerGivesItsSlotToOtherWorkAndAStopEndsThePause()
        {
            bool secondRan = false;
            bool pauseEnded = false;
            var work = new BackgroundWork<int>(async (item, context) =>
            {
                if (item == 0)
                {
                    try
                    {
                        await context.PauseAsync(TimeSpan.FromMinutes(10));
                    }
                    finally
                    {
                        Volatile.Write(ref pauseEnded, true);
                    }
                }
                else
                {
                    Volatile.Write(ref secondRan, true);
                }
                return Step<int>.Report(() => { });
            }, throttle: 1, ReportOrder.Completion, TimeSpan.Zero, CancellationToken.None);

            work.Start(0);
            work.Start(1);
            Eventually.True(() => Volatile.Read(ref secondRan), TimeSpan.FromSeconds(5), "the second ran while the first paused in the one slot");
            Eventually.True(() => work.Running == 1, TimeSpan.FromSeconds(5), "the second finished");
            work.Stop();
            Eventually.True(() => Volatile.Read(ref pauseEnded) && work.Running == 0, TimeSpan.FromSeconds(5), "the stop ended the pause at once");
            work.Dispose();
        }

        [Fact]
        public async Task StopCancelsAtOnceButGivesBillableWorkItsGracePeriodAndCleansUpAfterTheLastWorker()
        {
            using var release = new ManualResetEventSlim();
            using var running = new ManualResetEventSlim();
            bool readCancelledAtOnce = false;
            bool graceStillOpen = false;
            bool cleanedUpAfterWorker = false;
            int workersDone = 0;
            using var work = new BackgroundWork<int>(async (item, context) =>
            {
                await Task.Yield();
                running.Set();
                release.Wait(TimeSpan.FromSeconds(10));
                readCancelledAtOnce = context.Cancellation.IsCancellationRequested;
                graceStillOpen = !context.GraceCancellation.IsCancellationRequested;
                Interlocked.Increment(ref workersDone);
                return Step<int>.Report(() => { });
            }, throttle: 1, ReportOrder.Input, TimeSpan.FromSeconds(30), CancellationToken.None);

            work.Start(1);
            work.Start(2); // waits for the one slot: dropped by the stop, never run
            // The first is on the wire (in its worker) before the stop; one not yet taken by a worker would be dropped too.
            Assert.True(running.Wait(TimeSpan.FromSeconds(30)), "the first item reached its worker");
            Assert.Equal(2, work.Running);
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
        public async Task DisposeWaitsForWorkOnTheWireSoItsCleanupHasRunWhenDisposeReturns()
        {
            using var running = new ManualResetEventSlim();
            bool cleanedUp = false;
            var work = new BackgroundWork<int>(async (item, context) =>
            {
                await Task.Yield();
                running.Set();
                context.Cancellation.WaitHandle.WaitOne(TimeSpan.FromSeconds(10));
                // A billed create's answer, arriving just after the stop.
                await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
                return Step<int>.Report(() => { });
            }, throttle: 1, ReportOrder.Input, TimeSpan.FromSeconds(30), CancellationToken.None);
            work.Start(1);
            Assert.True(running.Wait(TimeSpan.FromSeconds(30)), "the item reached its worker");
            work.AfterLastWork(() => Volatile.Write(ref cleanedUp, true));

            bool cleanedUpWhenDisposed = await Task.Run(() =>
            {
                work.Dispose();
                return Volatile.Read(ref cleanedUp);
            }).WaitAsync(TimeSpan.FromSeconds(20));

            Assert.True(cleanedUpWhenDisposed, "Dispose returned while the work still held what AfterLastWork frees");
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

        [Fact]
        public void NoMoreThanTheThrottleRunAtOnceAndEveryPieceRunsOnce()
        {
            int running = 0, most = 0;
            var runs = new int[300];
            using var work = new BackgroundWork<int>(async (item, context) =>
            {
                int now = Interlocked.Increment(ref running);
                InterlockedMax(ref most, now);
                Interlocked.Increment(ref runs[item]);
                // Some finish at once and some later, so workers run dry and start again while rows keep coming.
                if (item % 3 == 0) await Task.Delay(1, context.Cancellation);
                else await Task.Yield();
                Interlocked.Decrement(ref running);
                return Step<int>.Report(() => { });
            }, throttle: 3, ReportOrder.Completion, TimeSpan.Zero, CancellationToken.None);

            for (int i = 0; i < runs.Length; i++)
            {
                work.Start(i);
                if (i % 50 == 0) Assert.True(work.WaitUntilDone());
            }
            Assert.True(work.WaitUntilDone());

            Assert.All(runs, count => Assert.Equal(1, count));
            Assert.InRange(most, 1, 3);
            Assert.Equal(0, work.Running);
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }
}
