using OrleansReco.LoadTests.Cli;
using OrleansReco.LoadTests.Reports;
using OrleansReco.LoadTests.Targets;
using OrleansReco.LoadTests.Workload;

namespace OrleansReco.LoadTests.Scenarios;

/// <summary>The traffic scenarios: <c>ingest</c>, <c>recommend</c>, <c>mixed</c> and <c>soak</c>.</summary>
public static class TrafficScenarios
{
    /// <summary>
    /// <c>ingest</c>: batches of interactions only; closed loop (maximum throughput) unless <c>--rate</c> is given.
    /// Throughput is interactions/s; with the in-process target, storage writes per interaction are counted at the storage.
    /// </summary>
    public static async Task<ScenarioReport> IngestAsync(ScenarioSettings settings, ProgressDisplay display, CancellationToken cancellationToken)
    {
        var workload = settings.Workload with { RecommendPerIngest = 0 };
        var report = new ScenarioReport("ingest");
        await using var target = await LoadRun.StartTargetAsync(settings with { Workload = workload }, display.Output);
        var items = new ItemSpace(workload);
        await LoadRun.WarmUpAsync(target, settings with { Workload = workload }, items, display);
        var writesBefore = (target as InProcessTarget)?.Counter?.Counter?.Writes ?? 0;
        var run = await LoadRun.RunAsync(target, settings, workload, items, settings.Rate, settings.DurationSeconds, "ingest", display,
            cancellationToken: cancellationToken);
        LoadRun.Describe(report, settings, workload, target, settings.Rate, "interactions/s");
        report.Config["max_batches"] = settings.MaxBatches > 0 ? settings.MaxBatches : null;
        report.SetRun(run, workload.BatchSize);
        LoadRun.AddServiceTime(report, run);
        report.Details["batches_per_s"] = Math.Round(run.ThroughputPerSecond, 1);
        if (target is InProcessTarget { Counter.Counter: { } counter })
        {
            var interactions = run.Completed * workload.BatchSize;
            var writes = counter.Writes - writesBefore;
            report.Details["storage_writes"] = writes;
            report.Details["storage_writes_per_interaction"] = interactions > 0 ? Math.Round((double)writes / interactions, 4) : null;
        }

        report.Notes.Add(settings.Rate is null
            ? $"Closed loop: {settings.Concurrency} batches in flight; latency is per batch from call to completion."
            : "Open loop: latency per batch from its scheduled time (queueing included).");
        display.Output.WriteLine($"ingest: {report.ThroughputPerSecond:N0} interactions/s ({run.ThroughputPerSecond:N0} batches/s of {workload.BatchSize}); " +
            $"batch latency p50 {run.Latency.P50} ms, p99 {run.Latency.P99} ms; errors {run.ErrorCount}" +
            (report.Details["storage_writes_per_interaction"] is { } w ? $"; storage writes per interaction {w}" : string.Empty));
        return report;
    }

    /// <summary><c>recommend</c>: recommendation requests only, open loop at <c>--rate</c> (default 1,000/s).</summary>
    public static Task<ScenarioReport> RecommendAsync(ScenarioSettings settings, ProgressDisplay display, CancellationToken cancellationToken) =>
        OpenLoopAsync("recommend", settings with { Rate = settings.Rate ?? 1_000 }, settings.Workload with { RecommendPerIngest = double.PositiveInfinity },
            display, cancellationToken);

    /// <summary><c>mixed</c>: ingest batches and recommendations in the configured ratio, open loop at <c>--rate</c>.</summary>
    public static Task<ScenarioReport> MixedAsync(ScenarioSettings settings, ProgressDisplay display, CancellationToken cancellationToken) =>
        OpenLoopAsync("mixed", settings with { Rate = settings.Rate ?? 1_000 }, settings.Workload, display, cancellationToken);

    /// <summary>
    /// <c>soak</c>: the mixed workload, open loop, for the whole duration; p99 and memory (live managed heap after a full
    /// collection at each window's end, and RSS) of the last window are compared with the first window.
    /// </summary>
    public static async Task<ScenarioReport> SoakAsync(ScenarioSettings settings, ProgressDisplay display, CancellationToken cancellationToken)
    {
        var report = await OpenLoopAsync("soak", settings with { Rate = settings.Rate ?? 1_000 }, settings.Workload, display, cancellationToken, liveHeapAtWindows: true);
        var windows = report.Windows;
        report.Config["window_s"] = settings.WindowSeconds;
        report.Config["tolerance"] = settings.Tolerance;
        report.Config["fill_per_user"] = settings.FillPerUser;
        if (windows.Count < 2)
        {
            report.Notes.Add("Fewer than two windows: nothing to compare (run longer than two windows).");
            report.Details["stable"] = null;
            return report;
        }

        var (first, last) = (windows[0], windows[^1]);
        var p99Growth = Ratio(last.Latency.P99, first.Latency.P99);
        var heapGrowth = Ratio(last.LiveHeapBytes ?? 0, first.LiveHeapBytes ?? 0);
        var rssGrowth = Ratio(last.RssBytes, first.RssBytes);
        var stable = p99Growth <= 1 + settings.Tolerance && heapGrowth <= 1 + settings.Tolerance && rssGrowth <= 1 + settings.Tolerance;
        report.Details["p99_last_over_first"] = Math.Round(p99Growth, 3);
        report.Details["live_heap_last_over_first"] = Math.Round(heapGrowth, 3);
        report.Details["gc_heap_last_over_first"] = Math.Round(Ratio(last.GcHeapBytes, first.GcHeapBytes), 3); // for comparison: includes uncollected garbage
        report.Details["rss_last_over_first"] = Math.Round(rssGrowth, 3);
        report.Details["stable"] = stable;
        var verdict = $"soak: last window vs first — p99 {first.Latency.P99} → {last.Latency.P99} ms (×{p99Growth:F2}), " +
            $"live heap {(first.LiveHeapBytes ?? 0) / 1048576.0:F0} → {(last.LiveHeapBytes ?? 0) / 1048576.0:F0} MiB (×{heapGrowth:F2}), RSS ×{rssGrowth:F2}: " +
            (stable ? $"stable (all within {settings.Tolerance:P0})" : $"NOT stable (limit {settings.Tolerance:P0})");
        report.Notes.Add(verdict);
        display.Output.WriteLine(verdict);
        return report;
    }

    private static async Task<ScenarioReport> OpenLoopAsync(string name, ScenarioSettings settings, WorkloadOptions workload, ProgressDisplay display,
        CancellationToken cancellationToken, bool liveHeapAtWindows = false)
    {
        var report = new ScenarioReport(name);
        var warmSettings = settings with { Workload = workload };
        await using var target = await LoadRun.StartTargetAsync(warmSettings, display.Output);
        var items = new ItemSpace(workload);
        await LoadRun.WarmUpAsync(target, warmSettings, items, display);
        var run = await LoadRun.RunAsync(target, settings, workload, items, settings.Rate, settings.DurationSeconds, name, display,
            settings.WindowSeconds, cancellationToken, liveHeapAtWindows);
        LoadRun.Describe(report, settings, workload, target, settings.Rate, "requests/s");
        report.SetRun(run);
        LoadRun.AddServiceTime(report, run);
        report.Notes.Add("Open loop: each request is due at its scheduled time and its latency is measured from then, so time queued " +
            "behind slow requests counts (no coordinated omission). service_time_* is from the actual call, for comparison only.");
        display.Output.WriteLine($"{name}: {run.ThroughputPerSecond:N0} requests/s offered {settings.Rate:N0}/s; latency p50 {run.Latency.P50} ms, " +
            $"p90 {run.Latency.P90} ms, p99 {run.Latency.P99} ms, p99.9 {run.Latency.P999} ms, max {run.Latency.Max} ms; errors {run.ErrorCount}");
        return report;
    }

    private static double Ratio(double last, double first) => first > 0 ? last / first : last > 0 ? double.PositiveInfinity : 1;
}
