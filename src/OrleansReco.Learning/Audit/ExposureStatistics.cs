namespace OrleansReco.Learning.Audit;

/// <summary>
/// How recommendations spread over a catalogue. <c>exposure[i]</c> is how often item i was shown (in a list of the
/// audited recommendations); every item of the catalogue has an entry, shown or not.
/// </summary>
public static class ExposureStatistics
{
    /// <summary>
    /// Share of all exposures that went to each popularity bucket (<see cref="PopularityDeciles"/>): shares[b] = Σ exposure
    /// of items in bucket b / Σ exposure. The shares sum to 1, or are all 0 when nothing was shown.
    /// </summary>
    public static void BucketShares(ReadOnlySpan<int> buckets, ReadOnlySpan<double> exposure, Span<double> shares)
    {
        if (buckets.Length != exposure.Length)
        {
            throw new ArgumentException("One bucket is needed per item.", nameof(buckets));
        }

        shares.Clear();
        var total = 0.0;
        for (var i = 0; i < exposure.Length; i++)
        {
            shares[buckets[i]] += exposure[i];
            total += exposure[i];
        }

        if (total > 0)
        {
            for (var b = 0; b < shares.Length; b++)
            {
                shares[b] /= total;
            }
        }
    }

    /// <summary>Catalogue coverage: the fraction of items shown at least once (0 for an empty catalogue).</summary>
    public static double Coverage(ReadOnlySpan<double> exposure)
    {
        var shown = 0;
        foreach (var e in exposure)
        {
            shown += e > 0 ? 1 : 0;
        }

        return exposure.Length == 0 ? 0 : (double)shown / exposure.Length;
    }

    /// <summary>
    /// Gini coefficient of exposure over the catalogue: with the n exposures sorted ascending, x₁ ≤ … ≤ xₙ,
    /// G = Σᵢ (2i − n − 1) xᵢ / (n Σᵢ xᵢ). 0 when every item is shown equally often, (n − 1)/n when one item takes every
    /// exposure; 0 when nothing was shown.
    /// </summary>
    public static double Gini(ReadOnlySpan<double> exposure)
    {
        var n = exposure.Length;
        var sorted = exposure.ToArray();
        Array.Sort(sorted);
        double weighted = 0, total = 0;
        for (var i = 0; i < n; i++)
        {
            weighted += ((2.0 * (i + 1)) - n - 1) * sorted[i];
            total += sorted[i];
        }

        return total <= 0 ? 0 : weighted / (n * total);
    }

    /// <summary>
    /// The fraction of a list's items that are in the most popular decile (bucket 0); 0 for an empty list. Items outside
    /// the catalogue are given as −1 and count as not popular.
    /// </summary>
    public static double PopularShare(ReadOnlySpan<int> list, ReadOnlySpan<int> buckets)
    {
        if (list.IsEmpty)
        {
            return 0;
        }

        var popular = 0;
        foreach (var item in list)
        {
            popular += item >= 0 && buckets[item] == 0 ? 1 : 0;
        }

        return (double)popular / list.Length;
    }
}
