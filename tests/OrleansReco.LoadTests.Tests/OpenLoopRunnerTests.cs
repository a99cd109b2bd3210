using System.Diagnostics;
using OrleansReco.LoadTests.Harness;

namespace OrleansReco.LoadTests.Tests;

public sealed class OpenLoopRunnerTests
{
    [Fact]
    public async Task A_200_ms_stall_in_the_caller_shows_in_the_latency_of_every_request_queued_behind_it()
    {
        // 1,000/s for 2 s; request 500 blocks the calling thread for 200 ms (a stalled client or a GC pause). About 200
        // requests were due during the stall: measured from their scheduled time they waited 200 … 0 ms, so about 10 % of the
        // run queued and the slowest 1 % waited ≥ 180 ms. Measured from when they were actually sent (coordinated
        // omission) only the stalled request itself is slow, so that p99 stays near zero.
        var monitor = new RunMonitor(intervalSeconds: 0.5);
        var run = await OpenLoopRunner.RunAsync(1_000, TimeSpan.FromSeconds(2), i =>
        {
            if (i == 500)
            {
                Thread.Sleep(200);
            }

            return ValueTask.CompletedTask;
        }, monitor);

        Assert.Equal(2_000, run.Completed);
        Assert.True(run.Latency.Max >= 190, $"max {run.Latency.Max} ms");
        Assert.True(run.Latency.P99 >= 150, $"p99 from the schedule {run.Latency.P99} ms must include the queueing behind the stall");
        Assert.True(run.ServiceTime.P99 < 50, $"p99 from the send {run.ServiceTime.P99} ms: the coordinated-omission view hides the stall");
    }

    [Fact]
    public async Task A_200_ms_stall_inside_the_target_delays_the_requests_that_arrive_during_it()
    {
        // The target (not the caller) pauses: requests keep being sent on schedule and wait for the pause to end.
        var stallEnds = 0L;
        var monitor = new RunMonitor(intervalSeconds: 0.5);
        var run = await OpenLoopRunner.RunAsync(1_000, TimeSpan.FromSeconds(2), async i =>
        {
            if (i == 500)
            {
                Interlocked.Exchange(ref stallEnds, Stopwatch.GetTimestamp() + Stopwatch.Frequency / 5);
            }

            var wait = Interlocked.Read(ref stallEnds) - Stopwatch.GetTimestamp();
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(wait / (double)Stopwatch.Frequency));
            }
        }, monitor);

        Assert.Equal(2_000, run.Completed);
        Assert.True(run.Latency.Max >= 190, $"max {run.Latency.Max} ms");
        Assert.True(run.Latency.P99 >= 150, $"p99 {run.Latency.P99} ms");
    }

    [Fact]
    public async Task Operations_are_issued_in_order_never_before_their_scheduled_time_and_all_of_them()
    {
        const double rate = 400;
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 20;
        var calls = new List<(long Index, long Ticks)>();
        var run = await OpenLoopRunner.RunAsync(rate, TimeSpan.FromSeconds(1), i =>
        {
            calls.Add((i, Stopwatch.GetTimestamp()));
            return ValueTask.CompletedTask;
        }, new RunMonitor(), startTicks: start);

        Assert.Equal(400, calls.Count);
        Assert.Equal(400, run.Issued);
        for (var i = 0; i < calls.Count; i++)
        {
            Assert.Equal(i, calls[i].Index);
            var due = start + (long)(i * Stopwatch.Frequency / rate);
            Assert.True(calls[i].Ticks >= due, $"operation {i} was issued {(due - calls[i].Ticks) * 1000.0 / Stopwatch.Frequency:F3} ms early");
        }

        // The last one is due at 0.9975 s: the schedule spans the duration instead of bursting.
        Assert.True((calls[^1].Ticks - start) / (double)Stopwatch.Frequency >= 0.99);
    }

    [Fact]
    public async Task Failures_are_counted_by_kind_and_kept_out_of_the_completions()
    {
        var run = await OpenLoopRunner.RunAsync(1_000, TimeSpan.FromSeconds(0.2), i => i % 10 == 0
            ? ValueTask.FromException(new LoadTargetException("http_429", "limited"))
            : i % 10 == 1 ? ValueTask.FromException(new TimeoutException()) : ValueTask.CompletedTask, new RunMonitor());

        Assert.Equal(200, run.Issued);
        Assert.Equal(160, run.Completed);
        Assert.Equal(20, run.Errors["http_429"]);
        Assert.Equal(20, run.Errors["TimeoutException"]);
    }

    [Fact]
    public async Task The_closed_loop_stops_after_the_requested_number_of_operations()
    {
        var calls = 0;
        var run = await ClosedLoopRunner.RunAsync(8, TimeSpan.FromMinutes(1), 1_000, async _ =>
        {
            Interlocked.Increment(ref calls);
            await Task.Yield();
        }, new RunMonitor());

        Assert.Equal(1_000, calls);
        Assert.Equal(1_000, run.Completed);
    }
}
