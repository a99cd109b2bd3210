using OrleansReco.LoadTests.Cli;
using OrleansReco.LoadTests.Harness;
using OrleansReco.LoadTests.Reports;
using OrleansReco.LoadTests.Workload;

namespace OrleansReco.LoadTests.Scenarios;

/// <summary>
/// <c>sweep</c>: open-loop steps at growing rates (×growth while the SLO holds), then bisection between the last rate that
/// met it and the first that did not. A step meets the SLO when its p99 (from the scheduled time) is ≤ the SLO, under 1 %
/// of requests failed, and it achieved ≥ 95 % of the offered rate. Reports the highest rate that met it.
/// </summary>
public static class SweepScenario
{
    /// <summary>Runs the sweep.</summary>
    public static async Task<ScenarioReport> RunAsync(ScenarioSettings settings, ProgressDisplay display, CancellationToken cancellationToken)
    {
        var workload = settings.SweepWorkload switch
        {
            "recommend" => settings.Workload with { RecommendPerIngest = double.PositiveInfinity },
            "ingest" => settings.Workload with { RecommendPerIngest = 0 },
            "mixed" => settings.Workload,
            var other => throw new ArgumentException($"--workload must be recommend, mixed or ingest, not '{other}'."),
        };
        var report = new ScenarioReport("sweep");
        await using var target = await LoadRun.StartTargetAsync(settings with { Workload = workload }, display.Output);
        var items = new ItemSpace(workload);
        await LoadRun.WarmUpAsync(target, settings with { Workload = workload }, items, display);

        SweepPoint? best = null;
        double? lastGood = null;
        double? firstBad = null;
        var rate = settings.StartRate;
        while (!cancellationToken.IsCancellationRequested && rate <= settings.MaxRate)
        {
            var point = await StepAsync(target, settings, workload, items, rate, display, report, cancellationToken);
            if (!point.MeetsSlo)
            {
                firstBad = rate;
                break;
            }

            (lastGood, best) = (rate, point);
            rate *= settings.Growth;
        }

        for (var i = 0; i < settings.RefineSteps && firstBad is { } bad && !cancellationToken.IsCancellationRequested; i++)
        {
            var middle = Math.Round(((lastGood ?? 0) + bad) / 2);
            if (middle <= (lastGood ?? 0) || middle >= bad)
            {
                break;
            }

            var point = await StepAsync(target, settings, workload, items, middle, display, report, cancellationToken);
            if (point.MeetsSlo)
            {
                (lastGood, best) = (middle, point);
            }
            else
            {
                firstBad = middle;
            }
        }

        LoadRun.Describe(report, settings with { DurationSeconds = settings.StepSeconds }, workload, target, null, "requests/s");
        report.Config["mode"] = "open-loop sweep";
        report.Config["workload"] = settings.SweepWorkload;
        report.Config["slo_ms"] = settings.SloMs;
        report.Config["slo_percentile"] = 99;
        report.Config["step_s"] = settings.StepSeconds;
        report.Config["start_rate"] = settings.StartRate;
        report.Config["growth"] = settings.Growth;
        report.Config["concurrency"] = null;
        report.Details["max_rate_meeting_slo"] = lastGood;
        report.Details["first_rate_missing_slo"] = firstBad;
        if (best is not null)
        {
            report.ThroughputPerSecond = Math.Round(best.ThroughputPerSecond, 1);
            report.Latency = best.Latency;
        }

        var summary = lastGood is null
            ? $"sweep: no rate from {settings.StartRate:N0}/s met p99 ≤ {settings.SloMs} ms"
            : $"sweep: highest rate meeting p99 ≤ {settings.SloMs} ms: {lastGood:N0}/s (achieved {best!.ThroughputPerSecond:N0}/s, p99 {best.Latency.P99} ms)" +
              (firstBad is { } b ? $"; {b:N0}/s missed it" : $"; the SLO held up to --max-rate {settings.MaxRate:N0}/s");
        report.Notes.Add(summary + ". Headline latency and throughput are those of that step; errors are per step in the sweep table.");
        display.Output.WriteLine(summary);
        return report;
    }

    private static async Task<SweepPoint> StepAsync(Targets.ILoadTarget target, ScenarioSettings settings, WorkloadOptions workload, ItemSpace items,
        double rate, ProgressDisplay display, ScenarioReport report, CancellationToken cancellationToken)
    {
        var run = await LoadRun.RunAsync(target, settings, workload, items, rate, settings.StepSeconds, $"sweep {rate:N0}/s", display,
            cancellationToken: cancellationToken);
        var point = new SweepPoint(rate, run.ThroughputPerSecond, run.Latency, run.ErrorCount, Meets(run, rate, settings.SloMs));
        report.Sweep.Add(point);
        display.Output.WriteLine($"  {rate,9:N0}/s offered: {run.ThroughputPerSecond,9:N0}/s achieved, p50 {run.Latency.P50} ms, p99 {run.Latency.P99} ms, " +
            $"errors {run.ErrorCount} → {(point.MeetsSlo ? "meets" : "misses")} the SLO");
        return point;
    }

    /// <summary>True when a step at <paramref name="rate"/> met p99 ≤ <paramref name="sloMs"/>, &lt; 1 % errors and ≥ 95 % of the rate.</summary>
    public static bool Meets(RunOutcome run, double rate, double sloMs) =>
        run.Latency.Count > 0 && run.Latency.P99 <= sloMs && run.ErrorCount <= 0.01 * Math.Max(1, run.Issued) && run.ThroughputPerSecond >= 0.95 * rate;
}
