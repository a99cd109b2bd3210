using System.Diagnostics;
using HdrHistogram;

namespace OrleansReco.LoadTests.Harness;

/// <summary>
/// Thread-safe latency recording into HdrHistogram (microseconds, 3 significant digits, up to 10 minutes):
/// writers never block; a reader takes interval histograms (for timelines and windows) and keeps the run's total.
/// </summary>
public sealed class LatencyRecorder
{
    /// <summary>Largest latency kept exactly; longer ones are clamped to it.</summary>
    public const long HighestMicroseconds = 600_000_000;

    private readonly Recorder _recorder = new(1, HighestMicroseconds, 3, (id, low, high, digits) => new LongConcurrentHistogram(id, low, high, digits));
    private readonly LongHistogram _total = new(1, HighestMicroseconds, 3);
    private readonly LongHistogram _window = new(1, HighestMicroseconds, 3);
    private readonly Lock _gate = new();
    private HistogramBase? _recycled;

    /// <summary>Records a latency given in <see cref="Stopwatch"/> ticks.</summary>
    public void RecordTicks(long ticks) => _recorder.RecordValue(ToMicroseconds(ticks));

    /// <summary>Converts <see cref="Stopwatch"/> ticks to whole microseconds in [1, <see cref="HighestMicroseconds"/>].</summary>
    public static long ToMicroseconds(long ticks) => Math.Clamp((long)(ticks * 1_000_000.0 / Stopwatch.Frequency), 1, HighestMicroseconds);

    /// <summary>Ends the current interval: returns its summary and adds it to the window and the total.</summary>
    public LatencySummary TakeInterval()
    {
        lock (_gate)
        {
            var interval = _recorder.GetIntervalHistogram(_recycled);
            _total.Add(interval);
            _window.Add(interval);
            _recycled = interval;
            return LatencySummary.From(interval);
        }
    }

    /// <summary>Ends the current window (a set of intervals): returns its summary and starts a new one.</summary>
    public LatencySummary TakeWindow()
    {
        lock (_gate)
        {
            var summary = LatencySummary.From(_window);
            _window.Reset();
            return summary;
        }
    }

    /// <summary>Everything recorded up to the last <see cref="TakeInterval"/>.</summary>
    public LatencySummary Total()
    {
        lock (_gate)
        {
            return LatencySummary.From(_total);
        }
    }
}
