using System.Globalization;
using System.Text;
using OrleansReco.Learning.Audit;

namespace OrleansReco.Training.Evaluation.Audit;

/// <summary>The "audit" section of <c>evaluate</c>: JSON for tools and Markdown tables for people.</summary>
public static class AuditReport
{
    /// <summary>One protocol's audited models.</summary>
    public sealed record Protocol(string Name, AuditCatalog Catalog, IReadOnlyList<(string Model, ModelAudit Audit)> Models);

    /// <summary>
    /// {"k", "alpha", "min_group_users", "static"|"streaming": {"catalog_items", "decile_items", "models": {model: …}}};
    /// null when nothing was audited.
    /// </summary>
    public static Dictionary<string, object>? ToJson(IReadOnlyList<Protocol> protocols)
    {
        ArgumentNullException.ThrowIfNull(protocols);
        var first = protocols.SelectMany(p => p.Models).Select(m => m.Audit).FirstOrDefault();
        if (first is null)
        {
            return null;
        }

        var section = new Dictionary<string, object>
        {
            ["k"] = first.K,
            ["alpha"] = GenreCalibration.DefaultAlpha,
            ["min_group_users"] = RecommendationAuditor.DefaultMinimumGroupUsers,
        };
        foreach (var protocol in protocols.Where(p => p.Models.Count > 0))
        {
            section[protocol.Name] = new Dictionary<string, object>
            {
                ["catalog_items"] = protocol.Catalog.Items.Length,
                ["decile_items"] = Buckets(b => protocol.Catalog.BucketItems[b]),
                ["models"] = protocol.Models.ToDictionary(m => m.Model, m => (object)Model(m.Audit)),
            };
        }

        return section;
    }

    /// <summary>Markdown: the popularity-decile exposure table and the summary table (coverage, Gini, calibration, gaps).</summary>
    public static string ToMarkdown(IReadOnlyList<Protocol> protocols)
    {
        ArgumentNullException.ThrowIfNull(protocols);
        var rows = protocols.SelectMany(p => p.Models.Select(m => (p.Name, m.Model, m.Audit))).ToList();
        if (rows.Count == 0)
        {
            return "";
        }

        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(inv, $"### Audit: exposure share by popularity decile (top-{rows[0].Audit.K} lists; D1 = most popular tenth of the catalogue by training interactions)");
        text.AppendLine();
        var labels = Enumerable.Range(0, PopularityDeciles.Buckets).Select(PopularityDeciles.Label).ToArray();
        text.AppendLine(inv, $"| protocol | model | {string.Join(" | ", labels)} |");
        text.AppendLine(inv, $"|---|---|{string.Concat(labels.Select(_ => "---|"))}");
        foreach (var protocol in protocols.Where(p => p.Models.Count > 0))
        {
            var sizes = string.Join(" | ", Enumerable.Range(0, PopularityDeciles.Buckets).Select(b => protocol.Catalog.BucketItems[b].ToString(inv)));
            text.AppendLine(inv, $"| {protocol.Name} | (catalogue items) | {sizes} |");
        }

        foreach (var (protocol, model, audit) in rows)
        {
            text.AppendLine(inv, $"| {protocol} | {model} | {string.Join(" | ", audit.BucketShares.Select(s => s.ToString("F4", inv)))} |");
        }

        text.AppendLine();
        text.AppendLine("### Audit: coverage, concentration, calibration and group gaps (difference max − min / ratio min ÷ max)");
        text.AppendLine();
        text.AppendLine("| protocol | model | coverage | Gini | D1 share per list | miscalibration KL | recall gap gender | recall gap age | recall gap occupation | D1-share gap gender | D1-share gap age | D1-share gap occupation |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (protocol, model, audit) in rows)
        {
            var kl = audit.Miscalibration is { } value ? value.ToString("F4", inv) : "–";
            text.AppendLine(inv, $"| {protocol} | {model} | {audit.Coverage:F4} | {audit.Gini:F4} | {audit.PopularShare:F4} | {kl} | " +
                $"{Gap(audit, "gender", g => g.Recall)} | {Gap(audit, "age", g => g.Recall)} | {Gap(audit, "occupation", g => g.Recall)} | " +
                $"{Gap(audit, "gender", g => g.PopularShare)} | {Gap(audit, "age", g => g.PopularShare)} | {Gap(audit, "occupation", g => g.PopularShare)} |");
        }

        return text.ToString();
    }

    private static string Gap(ModelAudit audit, string dimension, Func<DimensionGaps, GroupGap?> select) =>
        audit.Gaps.TryGetValue(dimension, out var gaps) && select(gaps) is { } gap
            ? string.Create(CultureInfo.InvariantCulture, $"{gap.Difference:F4} / {gap.Ratio:F2}")
            : "–";

    private static Dictionary<string, object> Model(ModelAudit audit)
    {
        var json = new Dictionary<string, object>
        {
            ["lists"] = audit.Lists,
            ["popularity_decile_exposure"] = Buckets(b => Math.Round(audit.BucketShares[b], 6)),
            ["coverage"] = Math.Round(audit.Coverage, 6),
            ["gini"] = Math.Round(audit.Gini, 6),
            ["popular_share"] = Math.Round(audit.PopularShare, 6),
            ["calibrated_lists"] = audit.CalibratedLists,
        };
        if (audit.Miscalibration is { } kl)
        {
            json["miscalibration_kl"] = Math.Round(kl, 6);
        }

        json["groups"] = audit.Groups.ToDictionary(d => d.Key, d => (object)d.Value.ToDictionary(g => g.Key, g => (object)Group(g.Value)));
        json["gaps"] = audit.Gaps.ToDictionary(d => d.Key, d => (object)Gaps(d.Value));
        return json;
    }

    private static Dictionary<string, object> Group(GroupAudit group)
    {
        var json = new Dictionary<string, object>
        {
            ["users"] = group.Users,
            ["lists"] = group.Lists,
            ["recall@10"] = Math.Round(group.Recall, 6),
            ["ndcg@10"] = Math.Round(group.Ndcg, 6),
            ["popular_share"] = Math.Round(group.PopularShare, 6),
        };
        if (group.Miscalibration is { } kl)
        {
            json["miscalibration_kl"] = Math.Round(kl, 6);
        }

        return json;
    }

    private static Dictionary<string, object> Gaps(DimensionGaps gaps)
    {
        var json = new Dictionary<string, object>();
        Add(json, "equal_opportunity_recall@10", gaps.Recall);
        Add(json, "ndcg@10", gaps.Ndcg);
        Add(json, "demographic_parity_popular_share", gaps.PopularShare);
        Add(json, "miscalibration_kl", gaps.Miscalibration);
        return json;
    }

    private static void Add(Dictionary<string, object> json, string key, GroupGap? gap)
    {
        if (gap is not null)
        {
            json[key] = new Dictionary<string, object>
            {
                ["difference"] = Math.Round(gap.Difference, 6),
                ["ratio"] = Math.Round(gap.Ratio, 6),
                ["highest"] = gap.Highest,
                ["lowest"] = gap.Lowest,
                ["groups"] = gap.Groups,
            };
        }
    }

    private static Dictionary<string, object> Buckets(Func<int, object> value) =>
        Enumerable.Range(0, PopularityDeciles.Buckets).ToDictionary(PopularityDeciles.Label, value);
}
