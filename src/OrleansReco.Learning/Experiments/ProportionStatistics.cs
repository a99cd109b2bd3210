using MathNet.Numerics.Distributions;

namespace OrleansReco.Learning.Experiments;

/// <summary>A confidence interval of a proportion.</summary>
/// <param name="Low">Lower bound, in [0, 1].</param>
/// <param name="High">Upper bound, in [0, 1].</param>
public readonly record struct ProportionInterval(double Low, double High);

/// <summary>A two-proportion z-test: the statistic and its two-sided p-value.</summary>
/// <param name="Z">(p_b − p_a) / SE with the pooled standard error; 0 when undefined.</param>
/// <param name="PValue">Two-sided p-value, 2 (1 − Φ(|z|)); 1 when undefined (no trials or no variance).</param>
public readonly record struct ZTestResult(double Z, double PValue);

/// <summary>
/// Statistics of binomial proportions (successes out of trials) for A/B tests: Wilson score intervals, the pooled
/// two-proportion z-test and the planned sample size per variant. Pure functions, no state.
/// </summary>
public static class ProportionStatistics
{
    /// <summary>Two-sided significance level the experiments use.</summary>
    public const double Alpha = 0.05;

    /// <summary>Statistical power the sample size is planned for.</summary>
    public const double Power = 0.8;

    /// <summary>
    /// The Wilson score interval for <paramref name="successes"/> out of <paramref name="trials"/> at the given
    /// confidence: (p̂ + z²/2n ± z √(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n). Unlike the normal (Wald) interval it stays inside
    /// [0, 1] and keeps its coverage for small counts and rates near 0, which click-through rates are. (0, 1) for no trials.
    /// </summary>
    public static ProportionInterval Wilson(long successes, long trials, double confidence = 1 - Alpha)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (trials == 0)
        {
            return new ProportionInterval(0, 1);
        }

        var z = Normal.InvCDF(0, 1, 1 - ((1 - confidence) / 2));
        var n = (double)trials;
        var p = successes / n;
        var z2 = z * z;
        var centre = p + (z2 / (2 * n));
        var margin = z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        var denominator = 1 + (z2 / n);
        return new ProportionInterval(Math.Max(0, (centre - margin) / denominator), Math.Min(1, (centre + margin) / denominator));
    }

    /// <summary>
    /// Pooled two-proportion z-test of variant B (<paramref name="successesB"/> of <paramref name="trialsB"/>) against
    /// variant A: z = (p_B − p_A) / √(p̄(1 − p̄)(1/n_A + 1/n_B)) with p̄ the pooled rate. Assumes independent trials.
    /// </summary>
    public static ZTestResult TwoProportionZTest(long successesA, long trialsA, long successesB, long trialsB)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successesA, trialsA);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successesB, trialsB);
        ArgumentOutOfRangeException.ThrowIfNegative(successesA);
        ArgumentOutOfRangeException.ThrowIfNegative(successesB);
        if (trialsA == 0 || trialsB == 0)
        {
            return new ZTestResult(0, 1);
        }

        var pooled = (double)(successesA + successesB) / (trialsA + trialsB);
        var variance = pooled * (1 - pooled) * ((1.0 / trialsA) + (1.0 / trialsB));
        if (variance <= 0)
        {
            return new ZTestResult(0, 1); // both all-failures or all-successes: no evidence of a difference
        }

        var z = (((double)successesB / trialsB) - ((double)successesA / trialsA)) / Math.Sqrt(variance);
        return new ZTestResult(z, TwoSidedPValue(z));
    }

    /// <summary>2 (1 − Φ(|z|)), computed from the upper tail so tiny p-values keep their precision.</summary>
    public static double TwoSidedPValue(double z) => Math.Min(1, 2 * Normal.CDF(0, 1, -Math.Abs(z)));

    /// <summary>
    /// Trials each variant needs for a two-sided test at <paramref name="alpha"/> to detect the absolute difference
    /// <paramref name="minimumDetectableEffect"/> from <paramref name="baselineRate"/> with <paramref name="power"/>
    /// (Fleiss, without continuity correction): n = (z_{1−α/2} √(2 p̄ (1 − p̄)) + z_{1−β} √(p₁(1 − p₁) + p₂(1 − p₂)))² / (p₂ − p₁)²,
    /// p₂ = p₁ + δ, p̄ = (p₁ + p₂) / 2; rounded up.
    /// </summary>
    public static long SampleSizePerVariant(double baselineRate, double minimumDetectableEffect, double alpha = Alpha, double power = Power)
    {
        var p2 = baselineRate + minimumDetectableEffect;
        if (baselineRate is <= 0 or >= 1 || minimumDetectableEffect <= 0 || p2 >= 1 || alpha is <= 0 or >= 1 || power is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(minimumDetectableEffect),
                "Needs 0 < baseline < 1, an effect > 0 with baseline + effect < 1, and alpha and power in (0, 1).");
        }

        var zAlpha = Normal.InvCDF(0, 1, 1 - (alpha / 2));
        var zBeta = Normal.InvCDF(0, 1, power);
        var mean = (baselineRate + p2) / 2;
        var root = (zAlpha * Math.Sqrt(2 * mean * (1 - mean))) + (zBeta * Math.Sqrt((baselineRate * (1 - baselineRate)) + (p2 * (1 - p2))));
        return (long)Math.Ceiling(root * root / (minimumDetectableEffect * minimumDetectableEffect));
    }
}
