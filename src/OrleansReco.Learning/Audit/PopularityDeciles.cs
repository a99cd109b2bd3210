namespace OrleansReco.Learning.Audit;

/// <summary>
/// Popularity deciles of a catalogue. Items with popularity &gt; 0 are ranked by popularity, most popular first; an item's
/// decile is <c>floor(10 · r / m)</c>, where <c>r</c> counts the items strictly more popular than it and <c>m</c> the items
/// with popularity &gt; 0. So ties always share a decile (the one of their best position, "1224" ranking), bucket 0 holds the
/// most popular tenth and bucket 9 the least popular, and a decile may be larger than m/10 (or empty) when a tie straddles
/// an edge. Items with popularity 0 (never interacted with) get their own bucket, <see cref="NoInteractions"/>.
/// </summary>
public static class PopularityDeciles
{
    /// <summary>Number of popularity deciles.</summary>
    public const int Deciles = 10;

    /// <summary>The bucket of items with popularity 0 (after the ten deciles).</summary>
    public const int NoInteractions = Deciles;

    /// <summary>Number of buckets: the ten deciles and <see cref="NoInteractions"/>.</summary>
    public const int Buckets = Deciles + 1;

    /// <summary>Writes each item's bucket (0 = most popular decile … 9, or <see cref="NoInteractions"/>).</summary>
    /// <exception cref="ArgumentException">A popularity is negative or not finite, or the spans differ in length.</exception>
    public static void Assign(ReadOnlySpan<double> popularity, Span<int> buckets)
    {
        if (buckets.Length != popularity.Length)
        {
            throw new ArgumentException("One bucket is needed per item.", nameof(buckets));
        }

        var ranked = new List<int>(popularity.Length);
        for (var i = 0; i < popularity.Length; i++)
        {
            var p = popularity[i];
            if (!double.IsFinite(p) || p < 0)
            {
                throw new ArgumentException($"Popularity of item {i} is {p}; it must be finite and ≥ 0.", nameof(popularity));
            }

            buckets[i] = NoInteractions;
            if (p > 0)
            {
                ranked.Add(i);
            }
        }

        var values = popularity.ToArray();
        ranked.Sort((a, b) => values[b].CompareTo(values[a]));
        var m = ranked.Count;
        var tieStart = 0;
        for (var r = 0; r < m; r++)
        {
            if (r > 0 && values[ranked[r]] != values[ranked[r - 1]])
            {
                tieStart = r;
            }

            buckets[ranked[r]] = (int)((long)Deciles * tieStart / m);
        }
    }

    /// <summary>The bucket of each item for integer counts (e.g. training interactions per item).</summary>
    public static int[] Assign(ReadOnlySpan<int> counts)
    {
        var popularity = new double[counts.Length];
        for (var i = 0; i < counts.Length; i++)
        {
            popularity[i] = counts[i];
        }

        var buckets = new int[counts.Length];
        Assign(popularity, buckets);
        return buckets;
    }

    /// <summary>Label of a bucket in reports: "D1" (most popular) … "D10", or "none" for <see cref="NoInteractions"/>.</summary>
    public static string Label(int bucket) => bucket == NoInteractions ? "none" : "D" + (bucket + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
