namespace OrleansReco.LoadTests.Workload;

/// <summary>Samples ranks 0 … n−1 with P(r) ∝ 1 / (r + 1)^s by binary search on the cumulative distribution.</summary>
public sealed class ZipfSampler
{
    private readonly double[] _cumulative;

    /// <summary>Builds the distribution over <paramref name="count"/> ranks with exponent <paramref name="exponent"/>.</summary>
    public ZipfSampler(int count, double exponent)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        _cumulative = new double[count];
        double sum = 0;
        for (var r = 0; r < count; r++)
        {
            sum += 1.0 / Math.Pow(r + 1, exponent);
            _cumulative[r] = sum;
        }

        for (var r = 0; r < count; r++)
        {
            _cumulative[r] /= sum;
        }
    }

    /// <summary>Ranks in the distribution.</summary>
    public int Count => _cumulative.Length;

    /// <summary>Probability of rank <paramref name="rank"/>.</summary>
    public double Probability(int rank) => rank == 0 ? _cumulative[0] : _cumulative[rank] - _cumulative[rank - 1];

    /// <summary>Draws a rank.</summary>
    public int Next(Random random)
    {
        var u = random.NextDouble();
        var index = Array.BinarySearch(_cumulative, u);
        return Math.Min(index >= 0 ? index : ~index, _cumulative.Length - 1);
    }
}
