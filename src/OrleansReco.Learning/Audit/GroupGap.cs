namespace OrleansReco.Learning.Audit;

/// <summary>One demographic group's mean of a metric, and how many distinct users it covers.</summary>
public readonly record struct GroupValue(string Group, double Value, long Users);

/// <summary>
/// The spread of a metric between groups: <see cref="Difference"/> = max − min of the group means and
/// <see cref="Ratio"/> = min / max (1 when every mean is 0), over the groups of at least the minimum size.
/// For recall this is the equal-opportunity gap (Hardt et al. 2016: equal true-positive rates); for the share of
/// popular items shown it is the demographic-parity gap (equal outcomes regardless of relevance).
/// </summary>
public sealed record GroupGap(string Highest, string Lowest, double Difference, double Ratio, int Groups)
{
    /// <summary>The gap over groups with ≥ <paramref name="minimumUsers"/> users; null when fewer than two such groups exist.</summary>
    public static GroupGap? Of(IEnumerable<GroupValue> groups, long minimumUsers)
    {
        ArgumentNullException.ThrowIfNull(groups);
        GroupValue? highest = null, lowest = null;
        var count = 0;
        foreach (var g in groups)
        {
            if (g.Users < minimumUsers)
            {
                continue;
            }

            if (!double.IsFinite(g.Value))
            {
                throw new ArgumentException($"Group '{g.Group}' has a non-finite value.", nameof(groups));
            }

            count++;
            if (highest is null || g.Value > highest.Value.Value)
            {
                highest = g;
            }

            if (lowest is null || g.Value < lowest.Value.Value)
            {
                lowest = g;
            }
        }

        if (count < 2)
        {
            return null;
        }

        var max = highest!.Value.Value;
        var min = lowest!.Value.Value;
        return new GroupGap(highest.Value.Group, lowest.Value.Group, max - min, max == 0 ? 1 : min / max, count);
    }
}
