namespace OrleansReco.Learning;

/// <summary>What to do with the baseline when a user drifts.</summary>
public enum RebaselinePolicy
{
    /// <summary>Move the baseline to the current vector on every drift event.</summary>
    OnDrift,

    /// <summary>Never move the baseline automatically (analytics only).</summary>
    Never,
}

/// <summary>Options of <see cref="DriftMonitor"/>. Section <c>OrleansReco:Drift</c>.</summary>
public sealed record DriftOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "OrleansReco:Drift";

    /// <summary>A cosine to the baseline below this is a drift event.</summary>
    public float Threshold { get; set; } = 0.95f;

    /// <summary>Re-baseline policy.</summary>
    public RebaselinePolicy Policy { get; set; } = RebaselinePolicy.OnDrift;

    /// <summary>Smoothing of the running average cosine (weight of the newest value).</summary>
    public float AverageSmoothing { get; set; } = 0.05f;

    /// <summary>Interactions before the first baseline is taken (the first events move a new user a lot).</summary>
    public int WarmupInteractions { get; set; } = 5;

    /// <summary>Returns the problems with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Threshold is < -1 or > 1 || float.IsNaN(Threshold))
        {
            errors.Add("Drift Threshold must be in [-1, 1].");
        }

        if (AverageSmoothing is <= 0 or > 1 || float.IsNaN(AverageSmoothing))
        {
            errors.Add("Drift AverageSmoothing must be in (0, 1].");
        }

        if (WarmupInteractions < 0)
        {
            errors.Add("Drift WarmupInteractions must be >= 0.");
        }

        return errors;
    }
}

/// <summary>Outcome of one drift check.</summary>
/// <param name="Cosine">cos(u, baseline) before any re-baseline.</param>
/// <param name="Drifted">True when the cosine fell below the threshold.</param>
/// <param name="Rebaselined">True when the baseline was moved to the current vector.</param>
public readonly record struct DriftCheck(float Cosine, bool Drifted, bool Rebaselined);

/// <summary>Drift of a user vector from its baseline, by cosine; pure function over the spans it is given.</summary>
public sealed class DriftMonitor(DriftOptions options)
{
    /// <summary>The options in force.</summary>
    public DriftOptions Options => options;

    /// <summary>
    /// Compares <paramref name="vector"/> with <paramref name="baseline"/> after <paramref name="interactions"/>
    /// interactions, updates the running average cosine, and re-baselines by policy.
    /// The first baseline is taken when the warm-up ends.
    /// </summary>
    public DriftCheck Check(ReadOnlySpan<float> vector, Span<float> baseline, long interactions, ref float averageCosine)
    {
        if (interactions <= options.WarmupInteractions || IsZero(baseline))
        {
            if (interactions >= options.WarmupInteractions)
            {
                vector.CopyTo(baseline);
            }

            averageCosine = 1f;
            return new DriftCheck(1f, false, false);
        }

        var cosine = VectorMath.Cosine(vector, baseline);
        averageCosine += options.AverageSmoothing * (cosine - averageCosine);
        var drifted = cosine < options.Threshold;
        var rebaseline = drifted && options.Policy == RebaselinePolicy.OnDrift;
        if (rebaseline)
        {
            vector.CopyTo(baseline);
        }

        return new DriftCheck(cosine, drifted, rebaseline);
    }

    /// <summary>
    /// <see cref="Check(ReadOnlySpan{float}, Span{float}, long, ref float)"/> with a half-precision baseline (how users
    /// store it): compared in single precision, written back in half precision when it is (re)taken.
    /// </summary>
    public DriftCheck Check(ReadOnlySpan<float> vector, Span<Half> baseline, long interactions, ref float averageCosine)
    {
        const int StackLimit = 512;
        var single = baseline.Length <= StackLimit ? stackalloc float[baseline.Length] : new float[baseline.Length];
        System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(baseline, single);
        var check = Check(vector, single, interactions, ref averageCosine);
        System.Numerics.Tensors.TensorPrimitives.ConvertToHalf(single, baseline);
        return check;
    }

    private static bool IsZero(ReadOnlySpan<float> vector)
    {
        foreach (var value in vector)
        {
            if (value != 0f)
            {
                return false;
            }
        }

        return true;
    }
}
