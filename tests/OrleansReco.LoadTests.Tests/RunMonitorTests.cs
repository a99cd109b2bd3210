using OrleansReco.LoadTests.Harness;

namespace OrleansReco.LoadTests.Tests;

[Collection(RunMonitorCollection.Name)]
public sealed class RunMonitorTests
{
    [Fact]
    public async Task A_last_window_of_a_few_requests_is_not_compared_as_a_window()
    {
        // 1 s windows over 2.25 s: two full windows and a quarter-window stub, whose requests count in the totals only.
        var run = await OpenLoopRunner.RunAsync(400, TimeSpan.FromSeconds(2.25), _ => ValueTask.CompletedTask,
            new RunMonitor(intervalSeconds: 0.25, windowSeconds: 1));

        Assert.Equal(900, run.Completed);
        Assert.Equal(2, run.Windows.Count);
        Assert.All(run.Windows, w => Assert.True(w.Latency.Count >= 200, $"a window of {w.Latency.Count} requests"));
    }

    [Fact]
    public async Task A_run_shorter_than_a_window_still_has_one()
    {
        var run = await OpenLoopRunner.RunAsync(400, TimeSpan.FromSeconds(0.3), _ => ValueTask.CompletedTask,
            new RunMonitor(intervalSeconds: 0.1, windowSeconds: 1));

        Assert.Equal(120, Assert.Single(run.Windows).Latency.Count);
    }

    [Fact]
    public void The_live_heap_at_each_window_end_counts_what_is_kept_and_not_what_died()
    {
        var monitor = new RunMonitor(intervalSeconds: 0.1, windowSeconds: 0.2, liveHeapAtWindows: true);
        var kept = new List<byte[]>();
        void Window()
        {
            // 100 MB allocated per window, 50 MB of it kept and 50 MB dropped at once (other tests' leftovers being
            // collected meanwhile move the process's live heap by a few MB).
            for (var i = 0; i < 1_000; i++)
            {
                var chunk = new byte[100_000];
                if (i % 2 == 0)
                {
                    kept.Add(chunk);
                }
            }

            var now = System.Diagnostics.Stopwatch.GetTimestamp();
            monitor.Succeeded(now, now);
            Thread.Sleep(250);
            monitor.CloseInterval();
        }

        Window();
        Window();

        Assert.Equal(2, monitor.Windows.Count);
        var growth = monitor.Windows[1].LiveHeapBytes!.Value - monitor.Windows[0].LiveHeapBytes!.Value;
        Assert.InRange(growth, 42_000_000, 58_000_000);
        GC.KeepAlive(kept);
    }
}

/// <summary>Alone: the live heap is the process's, so tests allocating beside it would move it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunMonitorCollection
{
    public const string Name = "run-monitor";
}
