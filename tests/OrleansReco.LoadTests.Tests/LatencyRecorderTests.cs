using System.Diagnostics;
using OrleansReco.LoadTests.Harness;

namespace OrleansReco.LoadTests.Tests;

public sealed class LatencyRecorderTests
{
    [Fact]
    public void Percentiles_of_1_to_1000_ms_are_the_matching_ranks_within_the_histogram_precision()
    {
        var recorder = new LatencyRecorder();
        for (var ms = 1; ms <= 1_000; ms++)
        {
            recorder.RecordTicks(ms * Stopwatch.Frequency / 1_000);
        }

        var interval = recorder.TakeInterval();
        var total = recorder.Total();

        Assert.Equal(1_000, total.Count);
        Assert.Equal(interval, total);
        Assert.InRange(total.P50, 499.5, 500.6);
        Assert.InRange(total.P90, 899.5, 901);
        Assert.InRange(total.P99, 989.5, 991);
        Assert.InRange(total.P999, 998.5, 1_000.6);
        Assert.InRange(total.Max, 999.5, 1_000.6);
    }

    [Fact]
    public void Intervals_see_only_their_own_values_and_the_total_sees_all()
    {
        var recorder = new LatencyRecorder();
        recorder.RecordTicks(Stopwatch.Frequency / 1_000);
        var first = recorder.TakeInterval();
        recorder.RecordTicks(Stopwatch.Frequency / 10);
        var second = recorder.TakeInterval();

        Assert.InRange(first.Max, 0.99, 1.01);
        Assert.InRange(second.P50, 99.9, 100.1);
        Assert.Equal(2, recorder.Total().Count);
        Assert.InRange(recorder.TakeWindow().Max, 99.9, 100.1);
        Assert.Equal(0, recorder.TakeWindow().Count);
    }
}
