using HdrHistogram;

namespace OrleansReco.LoadTests.Harness;

/// <summary>Latency percentiles in milliseconds of one histogram (all zero when nothing was recorded).</summary>
public sealed record LatencySummary(long Count, double P50, double P90, double P99, double P999, double Max)
{
    /// <summary>No samples.</summary>
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>Reads a histogram of microseconds.</summary>
    public static LatencySummary From(HistogramBase microseconds)
    {
        if (microseconds.TotalCount == 0)
        {
            return Empty;
        }

        return new(microseconds.TotalCount, Ms(microseconds.GetValueAtPercentile(50)), Ms(microseconds.GetValueAtPercentile(90)),
            Ms(microseconds.GetValueAtPercentile(99)), Ms(microseconds.GetValueAtPercentile(99.9)), Ms(microseconds.GetMaxValue()));
    }

    private static double Ms(long microseconds) => Math.Round(microseconds / 1000.0, 3);
}
