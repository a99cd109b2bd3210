using OrleansReco.Learning;

namespace OrleansReco.Ann;

/// <summary>
/// Seeded synthetic catalog for tests and benchmarks: unit vectors around <c>clusters</c> Gaussian centres
/// (centre ~ N(0, I), point = normalise(centre + spread · N(0, I))), the shape of shared/ann-bench/gen.py.
/// Rows are generated in blocks that depend only on (seed, block), so a large set can be streamed twice identically.
/// </summary>
public sealed class ClusteredVectors
{
    private readonly float[] _centers;
    private readonly float _spread;
    private readonly ulong _seed;

    /// <summary>Draws the cluster centres from <paramref name="seed"/>.</summary>
    public ClusteredVectors(int dimensions, int clusters = 100, float spread = 0.35f, ulong seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(clusters, 1);
        Dimensions = dimensions;
        Clusters = clusters;
        _spread = spread;
        _seed = seed;
        _centers = new float[clusters * dimensions];
        var random = new DeterministicRandom(seed);
        for (var i = 0; i < _centers.Length; i++)
        {
            _centers[i] = random.NextGaussian();
        }
    }

    /// <summary>Vector length.</summary>
    public int Dimensions { get; }

    /// <summary>Number of cluster centres.</summary>
    public int Clusters { get; }

    /// <summary>Fills <paramref name="destination"/> (whole rows) with the rows of block <paramref name="block"/>.</summary>
    public void FillBlock(Span<float> destination, ulong block)
    {
        if (destination.Length % Dimensions != 0)
        {
            throw new ArgumentException($"Length {destination.Length} is not a multiple of the dimension {Dimensions}.", nameof(destination));
        }

        var random = new DeterministicRandom(_seed ^ ((block + 1) * 0xD1B54A32D192ED03UL));
        for (var row = 0; row < destination.Length / Dimensions; row++)
        {
            var vector = destination.Slice(row * Dimensions, Dimensions);
            var center = _centers.AsSpan(random.NextInt(Clusters) * Dimensions, Dimensions);
            for (var j = 0; j < Dimensions; j++)
            {
                vector[j] = center[j] + (_spread * random.NextGaussian());
            }

            VectorMath.NormalizeInPlace(vector);
        }
    }

    /// <summary><paramref name="count"/> rows (block <paramref name="block"/>), row-major.</summary>
    public float[] Generate(int count, ulong block = 0)
    {
        var data = new float[count * Dimensions];
        FillBlock(data, block);
        return data;
    }
}
