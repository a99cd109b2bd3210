using System.Diagnostics;

namespace OrleansReco.LoadTests.Harness;

/// <summary>One second (or interval) of a run: completions, latency percentiles, GC heap size at the last collection, RSS.</summary>
public sealed record IntervalSample(double ElapsedSeconds, double ThroughputPerSecond, LatencySummary Latency, long GcHeapBytes, long RssBytes);

/// <summary>
/// A window (e.g. one minute of a soak) of a run; <paramref name="LiveHeapBytes"/> is the managed heap after a full
/// collection at the window's end, when the monitor measures it (null otherwise).
/// </summary>
public sealed record WindowSample(double EndSeconds, LatencySummary Latency, long GcHeapBytes, long RssBytes, long? LiveHeapBytes = null);

/// <summary>
/// What a run records: latency (from the scheduled time in open loop), service time (from the moment the call was
/// made), errors by kind, completions, and a per-interval timeline with memory. A sampler thread closes an interval
/// every <see cref="IntervalSeconds"/> and a window every <see cref="WindowSeconds"/>. With <paramref name="liveHeapAtWindows"/> it
/// forces a full collection at each window's end to measure the live heap: the heap size at the last collection also
/// counts old-generation garbage that no collection has looked at yet, which grows for minutes under server GC without
/// any leak. The pause is this process's, so it lands in the measured latency of the run.
/// </summary>
public sealed class RunMonitor(double intervalSeconds = 1, double windowSeconds = 60, Action<IntervalSample>? onInterval = null, bool liveHeapAtWindows = false)
{
    private readonly List<IntervalSample> _timeline = [];
    private readonly List<WindowSample> _windows = [];
    private long _completed;
    private long _completedAtLastInterval;
    private long _lastIntervalTicks;
    private long _lastWindowTicks;
    private long _startTicks;

    /// <summary>Latency from the scheduled start (open loop) or the call (closed loop) to completion.</summary>
    public LatencyRecorder Latency { get; } = new();

    /// <summary>Latency from the actual call to completion: without queueing in the harness (for comparison only).</summary>
    public LatencyRecorder ServiceTime { get; } = new();

    /// <summary>Failures by kind.</summary>
    public ErrorCounts Errors { get; } = new();

    /// <summary>Seconds per timeline interval.</summary>
    public double IntervalSeconds { get; } = intervalSeconds;

    /// <summary>Seconds per window.</summary>
    public double WindowSeconds { get; } = windowSeconds;

    /// <summary>Operations completed successfully.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>The per-interval timeline so far.</summary>
    public IReadOnlyList<IntervalSample> Timeline => _timeline;

    /// <summary>The closed windows so far.</summary>
    public IReadOnlyList<WindowSample> Windows => _windows;

    /// <summary>Records a success that was due at <paramref name="scheduledTicks"/> and called at <paramref name="sentTicks"/>.</summary>
    public void Succeeded(long scheduledTicks, long sentTicks)
    {
        var now = Stopwatch.GetTimestamp();
        Latency.RecordTicks(now - scheduledTicks);
        ServiceTime.RecordTicks(now - sentTicks);
        Interlocked.Increment(ref _completed);
    }

    /// <summary>Records a failure.</summary>
    public void Failed(Exception exception) => Errors.Add(exception);

    /// <summary>Samples until <paramref name="stop"/> is cancelled, then closes the last interval and window.</summary>
    public async Task SampleAsync(long startTicks, CancellationToken stop)
    {
        _startTicks = _lastIntervalTicks = _lastWindowTicks = startTicks;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(IntervalSeconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                CloseInterval();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Closes the current interval (and the window when it is due); call once more after the run ends.</summary>
    public void CloseInterval(bool final = false)
    {
        var now = Stopwatch.GetTimestamp();
        var seconds = (now - _lastIntervalTicks) / (double)Stopwatch.Frequency;
        var completed = Completed;
        var latency = Latency.TakeInterval();
        ServiceTime.TakeInterval();
        var heap = GC.GetGCMemoryInfo().HeapSizeBytes; // heap size at the last GC: less noisy than the live allocation counter
        var rss = Environment.WorkingSet;
        if (seconds > 0 && (!final || seconds > IntervalSeconds / 4))
        {
            var sample = new IntervalSample(Seconds(now), (completed - _completedAtLastInterval) / seconds, latency, heap, rss);
            _timeline.Add(sample);
            onInterval?.Invoke(sample);
        }

        _completedAtLastInterval = completed;
        _lastIntervalTicks = now;
        var windowElapsed = (now - _lastWindowTicks) / (double)Stopwatch.Frequency;
        // A run's last, partial window is kept only when it is at least half a window (or the only one): a stub of a few
        // requests is no window to compare; its requests still count in the run's totals.
        if (windowElapsed >= WindowSeconds * 0.999 || (final && Latency.Total().Count > 0 && (windowElapsed >= WindowSeconds / 2 || _windows.Count == 0)))
        {
            var window = Latency.TakeWindow();
            if (window.Count > 0)
            {
                long? live = liveHeapAtWindows ? GC.GetTotalMemory(forceFullCollection: true) : null;
                _windows.Add(new WindowSample(Seconds(now), window, heap, rss, live));
            }

            _lastWindowTicks = now;
        }
    }

    private double Seconds(long ticks) => Math.Round((ticks - _startTicks) / (double)Stopwatch.Frequency, 3);
}
