namespace OrleansReco.Learning.Ranking;

/// <summary>How exploratory items are drawn from the pool of new or under-exposed items.</summary>
public enum ExplorationPolicy
{
    /// <summary>Each slot is replaced with probability ε by a uniformly drawn pool item.</summary>
    EpsilonGreedy,

    /// <summary>Each slot is replaced with probability ε by the pool item with the highest Beta(clicks + 1, misses + 1) draw.</summary>
    Thompson,
}

/// <summary>Per-item feedback counts the Thompson policy samples from.</summary>
public interface IExposureCounts
{
    /// <summary>Times the item was recommended and times it was then interacted with.</summary>
    (long Impressions, long Clicks) CountsOf(int item);
}

/// <summary>Exploration: swaps some slots of a ranked list for items from an exploration pool.</summary>
public static class Exploration
{
    /// <summary>
    /// For each slot of <paramref name="ranked"/>, with probability <paramref name="epsilon"/> replaces it with an
    /// eligible pool item not already listed and marks <paramref name="explored"/>. Deterministic for a given
    /// random state; ε = 0 never changes the list. Returns the number of slots replaced.
    /// </summary>
    public static int Apply(Span<int> ranked, Span<bool> explored, ReadOnlySpan<int> pool, Func<int, bool> eligible, float epsilon,
        ExplorationPolicy policy, IExposureCounts? counts, ref DeterministicRandom random)
    {
        explored[..ranked.Length].Clear();
        if (epsilon <= 0f || pool.IsEmpty)
        {
            return 0;
        }

        var replaced = 0;
        for (var slot = 0; slot < ranked.Length; slot++)
        {
            if (random.NextFloat() >= epsilon)
            {
                continue;
            }

            var choice = policy == ExplorationPolicy.Thompson && counts is not null
                ? ThompsonPick(pool, ranked, eligible, counts, ref random)
                : UniformPick(pool, ranked, eligible, ref random);
            if (choice >= 0)
            {
                ranked[slot] = choice;
                explored[slot] = true;
                replaced++;
            }
        }

        return replaced;
    }

    private static int UniformPick(ReadOnlySpan<int> pool, ReadOnlySpan<int> ranked, Func<int, bool> eligible, ref DeterministicRandom random)
    {
        // A few random probes, then a scan from a random start, so a mostly ineligible pool still yields an item.
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var item = pool[random.NextInt(pool.Length)];
            if (eligible(item) && !ranked.Contains(item))
            {
                return item;
            }
        }

        var start = random.NextInt(pool.Length);
        for (var i = 0; i < pool.Length; i++)
        {
            var item = pool[(start + i) % pool.Length];
            if (eligible(item) && !ranked.Contains(item))
            {
                return item;
            }
        }

        return -1;
    }

    private static int ThompsonPick(ReadOnlySpan<int> pool, ReadOnlySpan<int> ranked, Func<int, bool> eligible, IExposureCounts counts,
        ref DeterministicRandom random)
    {
        var best = -1;
        var bestDraw = float.NegativeInfinity;
        foreach (var item in pool)
        {
            if (!eligible(item) || ranked.Contains(item))
            {
                continue;
            }

            var (impressions, clicks) = counts.CountsOf(item);
            var draw = BetaSample(clicks + 1, Math.Max(0, impressions - clicks) + 1, ref random);
            if (draw > bestDraw)
            {
                (best, bestDraw) = (item, draw);
            }
        }

        return best;
    }

    /// <summary>Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).</summary>
    internal static float BetaSample(double a, double b, ref DeterministicRandom random)
    {
        var x = GammaSample(a, ref random);
        var y = GammaSample(b, ref random);
        return (float)(x / (x + y));
    }

    /// <summary>Marsaglia–Tsang gamma sampler (shape ≥ 1; counts + 1 always are).</summary>
    private static double GammaSample(double shape, ref DeterministicRandom random)
    {
        var d = shape - (1.0 / 3);
        var c = 1.0 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = random.NextGaussian();
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = 1.0 - random.NextFloat();
            if (Math.Log(u) < (0.5 * x * x) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }
}
