using ScottPlot;

namespace OrleansReco.LoadTests.Reports;

/// <summary>
/// PNG charts of a report (ScottPlot, headless): latency vs throughput (sweep), latency percentiles over time
/// (open/closed-loop runs), memory vs users (memory). Text needs a font: DejaVu Sans (Debian <c>fonts-dejavu-core</c>).
/// </summary>
public static class Charts
{
    private const int Width = 900;
    private const int Height = 500;

    /// <summary>Writes the charts the report has data for into <paramref name="directory"/>; returns their file names.</summary>
    public static List<string> Write(ScenarioReport report, string directory)
    {
        var written = new List<string>();
        if (report.Sweep.Count > 0)
        {
            written.Add(LatencyVsThroughput(report, directory));
        }

        if (report.Timeline.Count > 1)
        {
            written.Add(PercentilesOverTime(report, directory));
        }

        if (report.Memory.Count > 0)
        {
            written.Add(MemoryVsUsers(report, directory));
        }

        return written;
    }

    private static string LatencyVsThroughput(ScenarioReport report, string directory)
    {
        var points = report.Sweep.OrderBy(p => p.ThroughputPerSecond).ToArray();
        var plot = NewPlot($"{report.Scenario}: latency vs throughput", "achieved throughput (requests/s)", "latency (ms)");
        var x = points.Select(p => p.ThroughputPerSecond).ToArray();
        Line(plot, x, points.Select(p => p.Latency.P50).ToArray(), "p50");
        Line(plot, x, points.Select(p => p.Latency.P99).ToArray(), "p99");
        Line(plot, x, points.Select(p => p.Latency.P999).ToArray(), "p99.9");
        if (report.Config["slo_ms"]?.GetValue<double>() is { } slo)
        {
            var line = plot.Add.HorizontalLine(slo);
            line.LegendText = $"SLO {slo} ms";
            line.LinePattern = LinePattern.Dashed;
        }

        return Save(plot, directory, $"{report.Scenario}-latency-vs-throughput.png");
    }

    private static string PercentilesOverTime(ScenarioReport report, string directory)
    {
        var plot = NewPlot($"{report.Scenario}: latency percentiles over time", "time (s)", "latency (ms)");
        var x = report.Timeline.Select(t => t.ElapsedSeconds).ToArray();
        Line(plot, x, report.Timeline.Select(t => t.Latency.P50).ToArray(), "p50");
        Line(plot, x, report.Timeline.Select(t => t.Latency.P99).ToArray(), "p99");
        Line(plot, x, report.Timeline.Select(t => t.Latency.Max).ToArray(), "max");
        return Save(plot, directory, $"{report.Scenario}-percentiles-over-time.png");
    }

    private static string MemoryVsUsers(ScenarioReport report, string directory)
    {
        var plot = NewPlot($"{report.Scenario}: memory vs active users", "active users", "MiB");
        var x = report.Memory.Select(m => (double)m.Users).ToArray();
        Line(plot, x, report.Memory.Select(m => m.GcHeapBytes / 1048576.0).ToArray(), "managed heap (after full GC)");
        Line(plot, x, report.Memory.Select(m => m.RssBytes / 1048576.0).ToArray(), "process RSS");
        return Save(plot, directory, $"{report.Scenario}-memory-vs-users.png");
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    private static void Line(Plot plot, double[] x, double[] y, string label)
    {
        var scatter = plot.Add.Scatter(x, y);
        scatter.LegendText = label;
    }

    private static string Save(Plot plot, string directory, string name)
    {
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(Path.Combine(directory, name), Width, Height);
        return name;
    }
}
