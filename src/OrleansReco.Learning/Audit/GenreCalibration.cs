namespace OrleansReco.Learning.Audit;

/// <summary>
/// Calibration of a list's genre mix to the user's history (Steck, "Calibrated Recommendations", RecSys 2018). An item
/// with genres G spreads weight 1/|G| over them; p(g|u) is the normalised mix of the user's history, q(g|u) that of the
/// list, and the miscalibration is C_KL(p, q) = Σ_g p(g|u) · log(p(g|u) / q̃(g|u)) with q̃ = (1 − α) q + α p, so it stays
/// finite when the list misses a genre of the history: 0 when the mixes match, at most log(1/α) (natural log) when the
/// list has none of the history's genres.
/// </summary>
public static class GenreCalibration
{
    /// <summary>Steck's smoothing α = 0.01.</summary>
    public const double DefaultAlpha = 0.01;

    /// <summary>Adds one item's genres, <paramref name="weight"/> / |genres| each, to an unnormalised mix (nothing for no genres).</summary>
    public static void AddItem(Span<double> mix, ReadOnlySpan<int> genres, double weight = 1)
    {
        if (genres.IsEmpty)
        {
            return;
        }

        var share = weight / genres.Length;
        foreach (var g in genres)
        {
            mix[g] += share;
        }
    }

    /// <summary>
    /// C_KL(p, q̃) of two unnormalised mixes (each is divided by its sum); null when the history has no genre weight.
    /// A list without genre weight counts as q = 0, giving log(1/α).
    /// </summary>
    public static double? Miscalibration(ReadOnlySpan<double> history, ReadOnlySpan<double> list, double alpha = DefaultAlpha)
    {
        if (history.Length != list.Length)
        {
            throw new ArgumentException("Both mixes must cover the same genres.", nameof(list));
        }

        if (alpha is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "α must be in (0, 1].");
        }

        var pSum = Sum(history);
        if (pSum <= 0)
        {
            return null;
        }

        var qSum = Sum(list);
        var kl = 0.0;
        for (var g = 0; g < history.Length; g++)
        {
            var p = history[g] / pSum;
            if (p > 0)
            {
                var q = qSum > 0 ? list[g] / qSum : 0;
                kl += p * Math.Log(p / (((1 - alpha) * q) + (alpha * p)));
            }
        }

        return Math.Max(0, kl);
    }

    private static double Sum(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum;
    }
}
