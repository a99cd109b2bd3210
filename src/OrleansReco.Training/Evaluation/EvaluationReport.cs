using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OrleansReco.Training.Evaluation;

/// <summary>The result of <c>evaluate</c>: a table for people and JSON for tools.</summary>
public sealed class EvaluationReport(string dataset, IReadOnlyList<StaticResult> staticResults, IReadOnlyList<StreamingResult> streamingResults)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>Data set name.</summary>
    public string Dataset { get; } = dataset;

    /// <summary>Protocol S rows.</summary>
    public IReadOnlyList<StaticResult> Static { get; } = staticResults;

    /// <summary>Protocol P rows.</summary>
    public IReadOnlyList<StreamingResult> Streaming { get; } = streamingResults;

    /// <summary>The warm-up users' segmentation behind <see cref="SegmentModel"/>, when it ran.</summary>
    public SegmentChoice? Segmentation { get; init; }

    /// <summary>The protocol S audit's catalogue (decile sizes), when protocol S ran.</summary>
    public Audit.AuditCatalog? StaticAuditCatalog { get; init; }

    /// <summary>The protocol P audit's catalogue (decile sizes), when protocol P ran.</summary>
    public Audit.AuditCatalog? StreamingAuditCatalog { get; init; }

    /// <summary>The audited models per protocol ("static", "streaming").</summary>
    public IReadOnlyList<Audit.AuditReport.Protocol> AuditProtocols()
    {
        var protocols = new List<Audit.AuditReport.Protocol>();
        if (StaticAuditCatalog is { } staticCatalog)
        {
            protocols.Add(new("static", staticCatalog, [.. Static.Where(r => r.Audit is not null).Select(r => (r.Model, r.Audit!))]));
        }

        if (StreamingAuditCatalog is { } streamingCatalog)
        {
            protocols.Add(new("streaming", streamingCatalog, [.. Streaming.Where(r => r.Audit is not null).Select(r => (r.Model, r.Audit!))]));
        }

        return protocols;
    }

    /// <summary>The audit as Markdown tables (empty when nothing was audited).</summary>
    public string ToAuditMarkdown() => Audit.AuditReport.ToMarkdown(AuditProtocols());

    /// <summary>Extra facts for the JSON "details" section (split sizes, run time, ...).</summary>
    public Dictionary<string, object> Details { get; } = [];

    /// <summary>
    /// {"dataset":…, "static":{model:{recall@10,…,train_seconds}}, "streaming":{model:{hr@10, ndcg@10, hr@10_warm_users, …}},
    /// "details":{…}}; numbers rounded to 6 decimals.
    /// </summary>
    public string ToJson()
    {
        var root = new Dictionary<string, object>
        {
            ["dataset"] = Dataset,
            ["static"] = Static.ToDictionary(r => r.Model, r => Round(r.Metrics.ToReport(r.TrainSeconds))),
            ["streaming"] = Streaming.ToDictionary(r => r.Model, r => Round(r.Metrics.ToReport())),
            ["hyperparameters"] = Static.Select(r => ("static/" + r.Model, r.Hyperparameters))
                .Concat(Streaming.Select(r => ("streaming/" + r.Model, r.Hyperparameters)))
                .ToDictionary(p => p.Item1, p => p.Item2),
            ["details"] = Details,
        };
        if (ColdStart() is { } coldStart)
        {
            root["cold_start"] = coldStart;
        }

        if (Segments() is { } segments)
        {
            root["segments"] = segments;
        }

        if (Audit.AuditReport.ToJson(AuditProtocols()) is { } audit)
        {
            root["audit"] = audit;
        }

        return JsonSerializer.Serialize(root, JsonOptions);
    }

    /// <summary>The streaming model whose cold-start slices the "cold_start" section reports (towers in the grains).</summary>
    public const string TowerModel = "OrleansReco-streaming";

    /// <summary>The popularity reference of the "cold_start" section.</summary>
    public const string PopularityModel = "MostPop";

    /// <summary>The online recipe whose new users start at the largest warm-up segment's centroid ("segments" section).</summary>
    public const string SegmentModel = "OrleansReco-online-segment";

    /// <summary>
    /// The "cold_start" section: new users' first events with the demographic tower (<see cref="TowerModel"/>) versus
    /// popularity (<see cref="PopularityModel"/>), the same for their first five events, the new-item slice, and which
    /// initialisation did better on the first event; null unless both models ran.
    /// </summary>
    public Dictionary<string, object>? ColdStart()
    {
        var tower = Streaming.FirstOrDefault(r => r.Model == TowerModel)?.Metrics.ColdStart;
        var popularity = Streaming.FirstOrDefault(r => r.Model == PopularityModel)?.Metrics.ColdStart;
        if (tower is null || popularity is null)
        {
            return null;
        }

        return new Dictionary<string, object>
        {
            ["tower_hr@10"] = Math.Round(tower.FirstEventHitRate, 6),
            ["popularity_hr@10"] = Math.Round(popularity.FirstEventHitRate, 6),
            ["events"] = tower.FirstEvents,
            ["first_five_tower_hr@10"] = Math.Round(tower.FirstFiveHitRate, 6),
            ["first_five_popularity_hr@10"] = Math.Round(popularity.FirstFiveHitRate, 6),
            ["first_five_events"] = tower.FirstFiveEvents,
            ["new_item_hr@10"] = Math.Round(tower.NewItemHitRate, 6),
            ["new_item_events"] = tower.NewItemEvents,
            ["better_initialisation"] = tower.FirstEventHitRate >= popularity.FirstEventHitRate ? "tower" : "popularity",
        };
    }

    /// <summary>
    /// The "segments" section: chosen K and its sampled silhouette, new users' first-event HitRate@10 when they start at the
    /// largest segment's centroid (<see cref="SegmentModel"/>) next to the user tower and popularity of the same run (each
    /// left out when its model did not run), segment sizes, and silhouette and inertia per candidate K (the elbow curve);
    /// null unless <see cref="SegmentModel"/> ran and found a segmentation.
    /// </summary>
    public Dictionary<string, object>? Segments()
    {
        var centroid = Streaming.FirstOrDefault(r => r.Model == SegmentModel)?.Metrics.ColdStart;
        if (Segmentation is not { } segmentation || centroid is null)
        {
            return null;
        }

        var section = new Dictionary<string, object>
        {
            ["k"] = segmentation.K,
            ["silhouette"] = Math.Round(segmentation.Silhouette, 6),
            ["centroid_hr@10"] = Math.Round(centroid.FirstEventHitRate, 6),
        };
        if (Streaming.FirstOrDefault(r => r.Model == TowerModel) is { } tower)
        {
            section["tower_hr@10"] = Math.Round(tower.Metrics.ColdStart.FirstEventHitRate, 6);
        }

        if (Streaming.FirstOrDefault(r => r.Model == PopularityModel) is { } popularity)
        {
            section["popularity_hr@10"] = Math.Round(popularity.Metrics.ColdStart.FirstEventHitRate, 6);
        }

        section["events"] = centroid.FirstEvents;
        section["sizes"] = segmentation.Sizes;
        section["silhouette_by_k"] = segmentation.Candidates.ToDictionary(c => c.K.ToString(CultureInfo.InvariantCulture), c => Math.Round(c.Silhouette, 6));
        section["inertia_by_k"] = segmentation.Candidates.ToDictionary(c => c.K.ToString(CultureInfo.InvariantCulture), c => Math.Round(c.Inertia, 6));
        return section;
    }

    /// <summary>Fixed-width tables of both protocols.</summary>
    public string ToTable()
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        if (Static.Count > 0)
        {
            var users = Static[0].Metrics.Users;
            text.AppendLine(inv, $"Protocol S ({Dataset}, per-user temporal 80/20, full ranking, {users} users)");
            text.AppendLine(inv, $"{"model",-22}{"recall@10",10}{"recall@20",10}{"ndcg@10",10}{"ndcg@20",10}{"mrr@20",10}{"hr@20",10}{"train_s",10}");
            foreach (var r in Static)
            {
                var m = r.Metrics;
                text.AppendLine(inv, $"{r.Model,-22}{m.Recall10,10:F4}{m.Recall20,10:F4}{m.Ndcg10,10:F4}{m.Ndcg20,10:F4}{m.Mrr20,10:F4}{m.HitRate20,10:F4}{r.TrainSeconds,10:F2}");
            }
        }

        if (Streaming.Count > 0)
        {
            var m0 = Streaming[0].Metrics;
            text.AppendLine();
            text.AppendLine(inv, $"Protocol P ({Dataset}, global time 80/20, {m0.Events} replayed events, {m0.WarmUserEvents} of warm-up users)");
            text.AppendLine(inv, $"{"model",-26}{"hr@10",10}{"ndcg@10",10}{"hr@10 warm",12}{"ndcg@10 warm",14}{"warmup_s",10}{"replay_s",10}");
            foreach (var r in Streaming)
            {
                var m = r.Metrics;
                text.AppendLine(inv, $"{r.Model,-26}{m.HitRate10,10:F4}{m.Ndcg10,10:F4}{m.HitRate10WarmUsers,12:F4}{m.Ndcg10WarmUsers,14:F4}{m.WarmUpSeconds,10:F2}{m.ReplaySeconds,10:F2}");
            }

            var c0 = m0.ColdStart;
            text.AppendLine();
            text.AppendLine(inv, $"Cold-start slices (HR@10): {c0.FirstEvents} first events of new users, {c0.FirstFiveEvents} of their first five, {c0.NewItemEvents} events on items new since the warm-up");
            text.AppendLine(inv, $"{"model",-26}{"first event",12}{"first five",12}{"new items",12}");
            foreach (var r in Streaming)
            {
                var c = r.Metrics.ColdStart;
                text.AppendLine(inv, $"{r.Model,-26}{c.FirstEventHitRate,12:F4}{c.FirstFiveHitRate,12:F4}{c.NewItemHitRate,12:F4}");
            }

            if (ColdStart() is { } cold)
            {
                text.AppendLine(inv, $"First event of new users: {TowerModel} (user tower) {cold["tower_hr@10"]:F4} vs {PopularityModel} {cold["popularity_hr@10"]:F4}: better initialisation = {cold["better_initialisation"]}");
            }

            if (Segments() is { } segments)
            {
                text.AppendLine(inv, $"Segments of warm-up users: K = {segments["k"]} (silhouette {segments["silhouette"]:F4}); first event of new users: largest segment's centroid {segments["centroid_hr@10"]:F4}{Other(segments, "tower_hr@10", "user tower")}{Other(segments, "popularity_hr@10", PopularityModel)}");
            }
        }

        return text.ToString();
    }

    private static string Other(Dictionary<string, object> section, string key, string label) =>
        section.TryGetValue(key, out var value) ? string.Create(CultureInfo.InvariantCulture, $" vs {label} {value:F4}") : "";

    private static Dictionary<string, double> Round(Dictionary<string, double> values) =>
        values.ToDictionary(p => p.Key, p => Math.Round(p.Value, 6));
}
