namespace OrleansReco.Learning.Segments;

/// <summary>
/// Privacy of segment analytics: a k-anonymity floor (nothing is shown about fewer than <c>floor</c> users) and, as an
/// option, the Laplace mechanism (Dwork et al. 2006): a count released with noise Laplace(0, Δ/ε), Δ = 1 because one user
/// changes a count by at most one, is ε-differentially private.
/// </summary>
public static class PrivateAggregates
{
    /// <summary>Default k-anonymity floor.</summary>
    public const int DefaultFloor = 20;

    /// <summary>True when a group of <paramref name="size"/> users may be shown.</summary>
    public static bool MayShow(long size, int floor = DefaultFloor) => size >= floor;

    /// <summary>A draw of Laplace(0, <paramref name="scale"/>) by inverting its CDF.</summary>
    public static double Laplace(double scale, ref DeterministicRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        double u;
        do
        {
            u = random.NextFloat() - 0.5; // in [−0.5, 0.5)
        }
        while (u == -0.5);

        return -scale * Math.Sign(u) * Math.Log(1 - (2 * Math.Abs(u)));
    }

    /// <summary><paramref name="count"/> with Laplace(0, 1/ε) noise, rounded and never negative (post-processing keeps the guarantee).</summary>
    public static long NoisyCount(long count, double epsilon, ref DeterministicRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
        return Math.Max(0, (long)Math.Round(count + Laplace(1 / epsilon, ref random)));
    }
}
