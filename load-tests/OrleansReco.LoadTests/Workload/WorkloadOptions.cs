namespace OrleansReco.LoadTests.Workload;

/// <summary>The seeded workload model: who acts, on which items, how, and how often they ask for recommendations.</summary>
public sealed record WorkloadOptions
{
    /// <summary>User population (ids <c>load-0</c> … <c>load-{n-1}</c>).</summary>
    public int Users { get; init; } = 10_000;

    /// <summary>Fraction of the population that is active in the run (the first ⌈f·n⌉ ids).</summary>
    public double ActiveFraction { get; init; } = 0.5;

    /// <summary>Catalog size (demo catalog ids <c>item-1</c> … <c>item-n</c>).</summary>
    public int Items { get; init; } = 100_000;

    /// <summary>Embedding dimension d of the catalog the in-process target builds.</summary>
    public int Dimensions { get; init; } = 64;

    /// <summary>Zipf exponent s of item popularity: P(rank r) ∝ 1 / r^s.</summary>
    public double ZipfExponent { get; init; } = 1.0;

    /// <summary>Mean operations per user session (geometric).</summary>
    public double MeanSessionLength { get; init; } = 20;

    /// <summary>Sessions open at once; each operation belongs to one of them.</summary>
    public int ConcurrentSessions { get; init; } = 256;

    /// <summary>Share of views among interactions.</summary>
    public double ViewShare { get; init; } = 0.70;

    /// <summary>Share of clicks among interactions.</summary>
    public double ClickShare { get; init; } = 0.25;

    /// <summary>Share of likes among interactions (the rest of 1 − views − clicks).</summary>
    public double LikeShare => Math.Max(0, 1 - ViewShare - ClickShare);

    /// <summary>Interactions per ingest call.</summary>
    public int BatchSize { get; init; } = 10;

    /// <summary>Recommendation requests per ingest call (0: ingest only; infinity: recommend only).</summary>
    public double RecommendPerIngest { get; init; }

    /// <summary>Items per recommendation.</summary>
    public int K { get; init; } = 10;

    /// <summary>Seed of everything random in the workload.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Users taking part.</summary>
    public int ActiveUsers => Math.Max(1, (int)Math.Ceiling(Users * ActiveFraction));

    /// <summary>Probability that an operation is a recommendation.</summary>
    public double RecommendShare => double.IsPositiveInfinity(RecommendPerIngest) ? 1 : RecommendPerIngest / (1 + RecommendPerIngest);

    /// <summary>Returns the problems with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Check(Users >= 1, "--users must be ≥ 1.");
        Check(ActiveFraction is > 0 and <= 1, "--active-fraction must be in (0, 1].");
        Check(Items >= 10, "--items must be ≥ 10.");
        Check(Dimensions is >= 2 and <= 1024, "--dimensions must be in [2, 1024].");
        Check(ZipfExponent is >= 0 and <= 5, "--zipf must be in [0, 5].");
        Check(MeanSessionLength >= 1, "--session-length must be ≥ 1.");
        Check(ViewShare >= 0 && ClickShare >= 0 && ViewShare + ClickShare <= 1, "--mix view and click shares must be ≥ 0 and sum to ≤ 1.");
        Check(BatchSize is >= 1 and <= 1000, "--batch must be in [1, 1000].");
        Check(RecommendPerIngest >= 0, "--recommend-ratio must be ≥ 0.");
        Check(K is >= 1 and <= 500, "--k must be in [1, 500].");
        return errors;

        void Check(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }
    }
}
