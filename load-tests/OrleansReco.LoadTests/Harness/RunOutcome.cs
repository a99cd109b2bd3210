namespace OrleansReco.LoadTests.Harness;

/// <summary>The result of one open- or closed-loop run.</summary>
public sealed record RunOutcome(
    double Seconds,
    long Completed,
    long Issued,
    LatencySummary Latency,
    LatencySummary ServiceTime,
    SortedDictionary<string, long> Errors,
    IReadOnlyList<IntervalSample> Timeline,
    IReadOnlyList<WindowSample> Windows)
{
    /// <summary>Successful operations per second.</summary>
    public double ThroughputPerSecond => Seconds > 0 ? Completed / Seconds : 0;

    /// <summary>Failed operations.</summary>
    public long ErrorCount => Errors.Values.Sum();

    /// <summary>Summarises <paramref name="monitor"/> after a run of <paramref name="seconds"/>.</summary>
    public static RunOutcome From(RunMonitor monitor, double seconds, long issued) => new(
        seconds, monitor.Completed, issued, monitor.Latency.Total(), monitor.ServiceTime.Total(), monitor.Errors.Snapshot(),
        [.. monitor.Timeline], [.. monitor.Windows]);
}
