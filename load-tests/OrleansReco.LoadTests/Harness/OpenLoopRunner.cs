using System.Diagnostics;

namespace OrleansReco.LoadTests.Harness;

/// <summary>
/// Open loop: operation i is due at start + i / rate, whatever happened to earlier ones, and its latency is measured
/// from that scheduled time — so time spent queued behind a slow call (in the target or in the harness) is counted and
/// a stall cannot hide itself by slowing the load down (no coordinated omission). The dispatcher runs on its own thread,
/// sleeps when the next operation is more than ~1 ms away, and never waits for a call to finish, only for the in-flight
/// cap (that wait, too, is inside the measured latency).
/// </summary>
public static class OpenLoopRunner
{
    /// <summary>
    /// Runs <paramref name="issue"/> for operations 0, 1, … at <paramref name="ratePerSecond"/> for <paramref name="duration"/>.
    /// <paramref name="issue"/> is called from one thread in order (so a seeded workload stays deterministic). Operation i is
    /// due at <paramref name="startTicks"/> (a <see cref="Stopwatch"/> timestamp; default: 10 ms from now) + i / rate.
    /// </summary>
    public static async Task<RunOutcome> RunAsync(
        double ratePerSecond, TimeSpan duration, Func<long, ValueTask> issue, RunMonitor monitor, int maxInFlight = 50_000, long? startTicks = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        var ticksPerOperation = Stopwatch.Frequency / ratePerSecond;
        var total = (long)Math.Floor(duration.TotalSeconds * ratePerSecond);
        var state = new InFlight();
        var start = startTicks ?? Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100; // 10 ms to get the dispatcher going
        using var stopSampling = new CancellationTokenSource();
        var sampler = monitor.SampleAsync(start, stopSampling.Token);
        long issued = 0;
        await Task.Factory.StartNew(() =>
        {
            for (long i = 0; i < total && !cancellationToken.IsCancellationRequested; i++)
            {
                var scheduled = start + (long)(i * ticksPerOperation);
                WaitUntil(scheduled);
                while (Volatile.Read(ref state.Count) >= maxInFlight)
                {
                    Thread.Sleep(1);
                }

                Interlocked.Increment(ref state.Count);
                _ = ExecuteAsync(issue, i, scheduled, monitor, state);
                issued++;
            }
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        await state.DrainAsync();
        var seconds = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
        await stopSampling.CancelAsync();
        await sampler;
        monitor.CloseInterval(final: true);
        return RunOutcome.From(monitor, seconds, issued);
    }

    /// <summary>Returns when the clock reaches <paramref name="ticks"/>: sleeps while ≥ 1.2 ms remain, yields after.</summary>
    public static void WaitUntil(long ticks)
    {
        var sleepThreshold = Stopwatch.Frequency * 12 / 10_000;
        while (true)
        {
            var remaining = ticks - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            if (remaining >= sleepThreshold)
            {
                Thread.Sleep(1);
            }
            else
            {
                Thread.Yield();
            }
        }
    }

    private static async Task ExecuteAsync(Func<long, ValueTask> issue, long index, long scheduled, RunMonitor monitor, InFlight state)
    {
        var sent = Stopwatch.GetTimestamp();
        try
        {
            await issue(index);
            monitor.Succeeded(scheduled, sent);
        }
        catch (Exception ex)
        {
            monitor.Failed(ex);
        }
        finally
        {
            state.Done();
        }
    }

    private sealed class InFlight
    {
        private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _dispatching = true;

        public int Count;

        public void Done()
        {
            if (Interlocked.Decrement(ref Count) == 0 && !Volatile.Read(ref _dispatching))
            {
                _drained.TrySetResult();
            }
        }

        public Task DrainAsync()
        {
            Volatile.Write(ref _dispatching, false);
            if (Volatile.Read(ref Count) == 0)
            {
                _drained.TrySetResult();
            }

            return _drained.Task;
        }
    }
}
