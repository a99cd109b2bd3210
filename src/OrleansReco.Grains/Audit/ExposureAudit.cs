using OrleansReco.Abstractions;
using OrleansReco.Learning.Audit;
using OrleansReco.Learning.Segments;

namespace OrleansReco.Grains.Audit;

/// <summary>Turns the window's counts into the report's group rows and gaps.</summary>
internal static class ExposureAudit
{
    /// <summary>Shares per popularity bucket, keyed "D1" … "D10", "none"; all 0 when nothing was shown.</summary>
    public static Dictionary<string, double> Shares(long[] buckets)
    {
        var total = buckets.Sum();
        var shares = new Dictionary<string, double>(PopularityDeciles.Buckets);
        for (var b = 0; b < buckets.Length; b++)
        {
            shares[PopularityDeciles.Label(b)] = total == 0 ? 0 : (double)buckets[b] / total;
        }

        return shares;
    }

    /// <summary>One row per (dimension, group) seen in the window; a group under the floor shows nothing but its name.</summary>
    public static List<GroupExposure> Groups(IReadOnlyList<ExposureWindow.Slot> slots, long totalExposures, int floor)
    {
        var merged = new Dictionary<(string Dimension, string Group), (long Lists, long[] Buckets, HashSet<ulong> Users)>();
        foreach (var slot in slots)
        {
            foreach (var (key, counts) in slot.Groups)
            {
                if (!merged.TryGetValue(key, out var sum))
                {
                    sum = (0, new long[PopularityDeciles.Buckets], []);
                }

                for (var b = 0; b < sum.Buckets.Length; b++)
                {
                    sum.Buckets[b] += counts.Buckets[b];
                }

                sum.Users.UnionWith(counts.Users);
                merged[key] = (sum.Lists + counts.Lists, sum.Buckets, sum.Users);
            }
        }

        var rows = new List<GroupExposure>(merged.Count);
        foreach (var ((dimension, group), (lists, buckets, users)) in merged
            .OrderBy(p => DimensionOrder(p.Key.Dimension)).ThenBy(p => p.Key.Group, StringComparer.Ordinal))
        {
            if (!PrivateAggregates.MayShow(users.Count, floor))
            {
                rows.Add(new GroupExposure(dimension, group, true, null, null, null, null, null, null));
                continue;
            }

            var exposures = buckets.Sum();
            rows.Add(new GroupExposure(dimension, group, false, users.Count, lists, exposures,
                totalExposures == 0 ? 0 : (double)exposures / totalExposures, exposures == 0 ? 0 : (double)buckets[0] / exposures, Shares(buckets)));
        }

        return rows;
    }

    /// <summary>Per dimension, the demographic-parity gap of the D1 share over shown groups other than "unknown".</summary>
    public static List<GroupParityGap> Gaps(IReadOnlyList<GroupExposure> groups, int floor)
    {
        var gaps = new List<GroupParityGap>();
        foreach (var dimension in DemographicGroups.Dimensions)
        {
            var values = groups.Where(g => g.Dimension == dimension && !g.Hidden && g.Group != DemographicGroups.Unknown)
                .Select(g => new GroupValue(g.Group, g.PopularShare!.Value, g.Users!.Value));
            if (GroupGap.Of(values, floor) is { } gap)
            {
                gaps.Add(new GroupParityGap(dimension, gap.Highest, gap.Lowest, gap.Difference, gap.Ratio, gap.Groups));
            }
        }

        return gaps;
    }

    private static int DimensionOrder(string dimension)
    {
        for (var d = 0; d < DemographicGroups.Dimensions.Count; d++)
        {
            if (DemographicGroups.Dimensions[d] == dimension)
            {
                return d;
            }
        }

        return DemographicGroups.Dimensions.Count;
    }
}
