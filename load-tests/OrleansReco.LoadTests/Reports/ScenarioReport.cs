using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansReco.LoadTests.Harness;

namespace OrleansReco.LoadTests.Reports;

/// <summary>One point of a rate sweep.</summary>
public sealed record SweepPoint(double OfferedRate, double ThroughputPerSecond, LatencySummary Latency, long Errors, bool MeetsSlo);

/// <summary>Memory after <see cref="Users"/> users were activated (full GC first).</summary>
public sealed record MemoryPoint(int Users, long GcHeapBytes, long RssBytes);

/// <summary>
/// A scenario's result. <see cref="ToStableJson"/> is the machine-readable contract (exactly the keys <c>scenario</c>,
/// <c>config</c>, <c>throughput_per_s</c>, <c>latency_ms</c> {p50, p90, p99, p999, max}, <c>errors</c>, <c>bytes_per_user</c>);
/// everything else (timeline, sweep points, memory points, notes) goes to the details file and the Markdown report.
/// </summary>
public sealed class ScenarioReport(string scenario)
{
    /// <summary>The stable keys of <see cref="ToStableJson"/>, in order.</summary>
    public static readonly IReadOnlyList<string> StableKeys = ["scenario", "config", "throughput_per_s", "latency_ms", "errors", "bytes_per_user"];

    /// <summary>The stable keys of <c>latency_ms</c>, in order.</summary>
    public static readonly IReadOnlyList<string> LatencyKeys = ["p50", "p90", "p99", "p999", "max"];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Scenario name.</summary>
    public string Scenario { get; } = scenario;

    /// <summary>Inputs: workload, target, run mode (snake_case keys).</summary>
    public JsonObject Config { get; } = [];

    /// <summary>Headline throughput (interactions/s for ingest, requests/s otherwise; see config <c>throughput_unit</c>).</summary>
    public double ThroughputPerSecond { get; set; }

    /// <summary>Headline latency.</summary>
    public LatencySummary Latency { get; set; } = LatencySummary.Empty;

    /// <summary>Errors by kind.</summary>
    public SortedDictionary<string, long> Errors { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Managed bytes per active user (memory scenario), else null.</summary>
    public double? BytesPerUser { get; set; }

    /// <summary>Extra figures (snake_case keys) for the details file and the report.</summary>
    public JsonObject Details { get; } = [];

    /// <summary>Per-interval samples of the measured run.</summary>
    public List<IntervalSample> Timeline { get; } = [];

    /// <summary>Per-window samples (soak).</summary>
    public List<WindowSample> Windows { get; } = [];

    /// <summary>Sweep points.</summary>
    public List<SweepPoint> Sweep { get; } = [];

    /// <summary>Memory points.</summary>
    public List<MemoryPoint> Memory { get; } = [];

    /// <summary>Sentences for the Markdown report (how it was measured, verdicts).</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Takes the headline figures of a run.</summary>
    public void SetRun(RunOutcome run, double throughputScale = 1)
    {
        ThroughputPerSecond = Math.Round(run.ThroughputPerSecond * throughputScale, 1);
        Latency = run.Latency;
        Errors = run.Errors;
        Timeline.Clear();
        Timeline.AddRange(run.Timeline);
        Windows.Clear();
        Windows.AddRange(run.Windows);
    }

    /// <summary>The stable machine-readable result.</summary>
    public JsonObject ToStableJson() => new()
    {
        ["scenario"] = Scenario,
        ["config"] = Config.DeepClone(),
        ["throughput_per_s"] = ThroughputPerSecond,
        ["latency_ms"] = new JsonObject
        {
            ["p50"] = Latency.P50,
            ["p90"] = Latency.P90,
            ["p99"] = Latency.P99,
            ["p999"] = Latency.P999,
            ["max"] = Latency.Max,
        },
        ["errors"] = new JsonObject(Errors.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value))),
        ["bytes_per_user"] = BytesPerUser is { } bytes ? Math.Round(bytes, 1) : null,
    };

    /// <summary>The stable JSON as indented text.</summary>
    public string ToStableJsonText() => ToStableJson().ToJsonString(Indented);

    /// <summary>Everything: the stable JSON plus details, timeline, windows, sweep and memory points.</summary>
    public string ToDetailsJsonText()
    {
        var json = ToStableJson();
        json["details"] = Details.DeepClone();
        json["timeline"] = new JsonArray([.. Timeline.Select(t => (JsonNode)new JsonObject
        {
            ["t_s"] = t.ElapsedSeconds,
            ["throughput_per_s"] = Math.Round(t.ThroughputPerSecond, 1),
            ["p50_ms"] = t.Latency.P50,
            ["p99_ms"] = t.Latency.P99,
            ["max_ms"] = t.Latency.Max,
            ["gc_heap_bytes"] = t.GcHeapBytes,
            ["rss_bytes"] = t.RssBytes,
        })]);
        json["windows"] = new JsonArray([.. Windows.Select(w => (JsonNode)new JsonObject
        {
            ["end_s"] = w.EndSeconds,
            ["count"] = w.Latency.Count,
            ["p99_ms"] = w.Latency.P99,
            ["gc_heap_bytes"] = w.GcHeapBytes,
            ["live_heap_bytes"] = w.LiveHeapBytes,
            ["rss_bytes"] = w.RssBytes,
        })]);
        json["sweep"] = new JsonArray([.. Sweep.Select(p => (JsonNode)new JsonObject
        {
            ["offered_rate"] = p.OfferedRate,
            ["throughput_per_s"] = Math.Round(p.ThroughputPerSecond, 1),
            ["p50_ms"] = p.Latency.P50,
            ["p99_ms"] = p.Latency.P99,
            ["p999_ms"] = p.Latency.P999,
            ["errors"] = p.Errors,
            ["meets_slo"] = p.MeetsSlo,
        })]);
        json["memory"] = new JsonArray([.. Memory.Select(m => (JsonNode)new JsonObject
        {
            ["users"] = m.Users,
            ["gc_heap_bytes"] = m.GcHeapBytes,
            ["rss_bytes"] = m.RssBytes,
        })]);
        return json.ToJsonString(Indented);
    }
}
