using System.Globalization;
using System.Text;

namespace OrleansReco.LoadTests.Reports;

/// <summary>Writes a report's files: stable JSON, details JSON, Markdown and charts.</summary>
public static class ReportWriter
{
    /// <summary>
    /// Writes <c>{scenario}.json</c>, <c>{scenario}.details.json</c>, <c>{scenario}.md</c> and the charts into
    /// <paramref name="directory"/>, and the stable JSON to <paramref name="jsonPath"/> when given; returns the paths written.
    /// </summary>
    public static async Task<List<string>> WriteAsync(ScenarioReport report, string directory, string? jsonPath, bool charts, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        var stable = report.ToStableJsonText();
        await Write(Path.Combine(directory, $"{report.Scenario}.json"), stable);
        await Write(Path.Combine(directory, $"{report.Scenario}.details.json"), report.ToDetailsJsonText());
        var chartFiles = charts ? Charts.Write(report, directory) : [];
        written.AddRange(chartFiles.Select(c => Path.Combine(directory, c)));
        await Write(Path.Combine(directory, $"{report.Scenario}.md"), Markdown(report, chartFiles));
        if (jsonPath is not null)
        {
            var parent = Path.GetDirectoryName(Path.GetFullPath(jsonPath));
            if (parent is not null)
            {
                Directory.CreateDirectory(parent);
            }

            await Write(jsonPath, stable);
        }

        return written;

        async Task Write(string path, string text)
        {
            await File.WriteAllTextAsync(path, text, cancellationToken);
            written.Add(path);
        }
    }

    /// <summary>The Markdown report.</summary>
    public static string Markdown(ScenarioReport report, IReadOnlyList<string> chartFiles)
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.AppendLine(c, $"# Load test: {report.Scenario}").AppendLine();
        md.AppendLine("| setting | value |").AppendLine("|---|---|");
        foreach (var (key, value) in report.Config)
        {
            md.AppendLine(c, $"| {key} | {value?.ToJsonString().Trim('"')} |");
        }

        md.AppendLine().AppendLine("| throughput/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | errors | bytes/user |").AppendLine("|---|---|---|---|---|---|---|---|");
        var l = report.Latency;
        var errors = report.Errors.Count == 0 ? "0" : string.Join(", ", report.Errors.Select(e => $"{e.Key}: {e.Value}"));
        md.AppendLine(c, $"| {report.ThroughputPerSecond:N0} | {l.P50} | {l.P90} | {l.P99} | {l.P999} | {l.Max} | {errors} | {report.BytesPerUser?.ToString("N0", c) ?? "–"} |");
        if (report.Details.Count > 0)
        {
            md.AppendLine().AppendLine("| detail | value |").AppendLine("|---|---|");
            foreach (var (key, value) in report.Details)
            {
                md.AppendLine(c, $"| {key} | {value?.ToJsonString().Trim('"')} |");
            }
        }

        if (report.Sweep.Count > 0)
        {
            md.AppendLine().AppendLine("| offered/s | achieved/s | p50 ms | p99 ms | p99.9 ms | errors | meets SLO |").AppendLine("|---|---|---|---|---|---|---|");
            foreach (var p in report.Sweep)
            {
                md.AppendLine(c, $"| {p.OfferedRate:N0} | {p.ThroughputPerSecond:N0} | {p.Latency.P50} | {p.Latency.P99} | {p.Latency.P999} | {p.Errors} | {(p.MeetsSlo ? "yes" : "no")} |");
            }
        }

        if (report.Windows.Count > 0)
        {
            md.AppendLine().AppendLine("| window end s | requests | p99 ms | live heap MiB | GC heap (last GC) MiB | RSS MiB |").AppendLine("|---|---|---|---|---|---|");
            foreach (var w in report.Windows)
            {
                var live = w.LiveHeapBytes is { } bytes ? (bytes / 1048576.0).ToString("F1", c) : "";
                md.AppendLine(c, $"| {w.EndSeconds:F0} | {w.Latency.Count:N0} | {w.Latency.P99} | {live} | {w.GcHeapBytes / 1048576.0:F1} | {w.RssBytes / 1048576.0:F1} |");
            }
        }

        if (report.Memory.Count > 0)
        {
            md.AppendLine().AppendLine("| active users | GC heap MiB | RSS MiB |").AppendLine("|---|---|---|");
            foreach (var m in report.Memory)
            {
                md.AppendLine(c, $"| {m.Users:N0} | {m.GcHeapBytes / 1048576.0:F1} | {m.RssBytes / 1048576.0:F1} |");
            }
        }

        if (report.Notes.Count > 0)
        {
            md.AppendLine();
            foreach (var note in report.Notes)
            {
                md.AppendLine(c, $"- {note}");
            }
        }

        foreach (var chart in chartFiles)
        {
            md.AppendLine().AppendLine(c, $"![{chart}]({chart})");
        }

        return md.ToString();
    }
}
