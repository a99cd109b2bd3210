namespace OrleansReco.Learning;

/// <summary>
/// Top-K ranking metrics with binary relevance, as DESIGN.md's protocol S defines them:
/// normalisers use min(K, |relevant|). <c>ranked</c> is the recommendation list, best first.
/// </summary>
public static class RankingMetrics
{
    /// <summary>hits@K / min(K, |relevant|).</summary>
    public static double RecallAt(ReadOnlySpan<int> ranked, IReadOnlySet<int> relevant, int k)
    {
        var denominator = Math.Min(k, relevant.Count);
        return denominator == 0 ? 0 : (double)Hits(ranked, relevant, k) / denominator;
    }

    /// <summary>1 when any of the top K is relevant.</summary>
    public static double HitRateAt(ReadOnlySpan<int> ranked, IReadOnlySet<int> relevant, int k) =>
        Hits(ranked, relevant, k) > 0 ? 1 : 0;

    /// <summary>DCG@K / IDCG@K with gain 1 and discount 1 / log2(rank + 1); IDCG over min(K, |relevant|) hits.</summary>
    public static double NdcgAt(ReadOnlySpan<int> ranked, IReadOnlySet<int> relevant, int k)
    {
        var ideal = 0.0;
        for (var rank = 1; rank <= Math.Min(k, relevant.Count); rank++)
        {
            ideal += DiscountAt(rank);
        }

        if (ideal == 0)
        {
            return 0;
        }

        var dcg = 0.0;
        var top = Math.Min(k, ranked.Length);
        for (var i = 0; i < top; i++)
        {
            if (relevant.Contains(ranked[i]))
            {
                dcg += DiscountAt(i + 1);
            }
        }

        return dcg / ideal;
    }

    /// <summary>1 / rank of the first relevant item within the top K, else 0.</summary>
    public static double MrrAt(ReadOnlySpan<int> ranked, IReadOnlySet<int> relevant, int k)
    {
        var top = Math.Min(k, ranked.Length);
        for (var i = 0; i < top; i++)
        {
            if (relevant.Contains(ranked[i]))
            {
                return 1.0 / (i + 1);
            }
        }

        return 0;
    }

    /// <summary>AP@K: Σ precision@i over relevant positions i ≤ K, divided by min(K, |relevant|).</summary>
    public static double AveragePrecisionAt(ReadOnlySpan<int> ranked, IReadOnlySet<int> relevant, int k)
    {
        var denominator = Math.Min(k, relevant.Count);
        if (denominator == 0)
        {
            return 0;
        }

        var hits = 0;
        var sum = 0.0;
        var top = Math.Min(k, ranked.Length);
        for (var i = 0; i < top; i++)
        {
            if (relevant.Contains(ranked[i]))
            {
                hits++;
                sum += (double)hits / (i + 1);
            }
        }

        return sum / denominator;
    }

    /// <summary>Gain of a single relevant item at a 1-based rank: 1 / log2(rank + 1) (protocol P's NDCG@K of one target).</summary>
    public static double DiscountAt(int rank) => 1.0 / Math.Log2(rank + 1);

    private static int Hits(ReadOnlySpan<int> ranked, IReadOnlySet<int> relevant, int k)
    {
        var hits = 0;
        var top = Math.Min(k, ranked.Length);
        for (var i = 0; i < top; i++)
        {
            if (relevant.Contains(ranked[i]))
            {
                hits++;
            }
        }

        return hits;
    }
}
