namespace OrleansReco.Ann.Tests;

/// <summary>Seeded clustered unit vectors and the recall measure shared by the tests.</summary>
internal static class TestData
{
    public const int Dimensions = 32;

    public static readonly HnswOptions Options = new() { M = 16, EfConstruction = 100, EfSearch = 64, Seed = 7, InitialCapacity = 64 };

    /// <summary><paramref name="count"/> base vectors (block 0) or queries (another block) of the same clustered distribution.</summary>
    public static float[] Vectors(int count, ulong block = 0) =>
        new ClusteredVectors(Dimensions, clusters: 40, spread: 0.35f, seed: 11).Generate(count, block);

    public static ReadOnlySpan<float> Row(float[] data, int row) => data.AsSpan(row * Dimensions, Dimensions);

    public static (HnswIndex Hnsw, ExactIndex Exact) Build(float[] data, int degreeOfParallelism = 1, HnswOptions? options = null)
    {
        var n = data.Length / Dimensions;
        var hnsw = new HnswIndex(Dimensions, options ?? Options);
        hnsw.AddRange(Enumerable.Range(0, n).ToArray(), data, degreeOfParallelism);
        var exact = new ExactIndex(Dimensions, n);
        for (var i = 0; i < n; i++)
        {
            exact.Add(i, Row(data, i));
        }

        return (hnsw, exact);
    }

    /// <summary>Mean |approx top-k ∩ exact top-k| / k over the queries, both searched with <paramref name="filter"/>.</summary>
    public static double Recall(IVectorIndex approximate, IVectorIndex exact, float[] queries, int k = 10, int ef = 0, Func<int, bool>? filter = null)
    {
        var queryCount = queries.Length / Dimensions;
        var hits = 0;
        var expectedTotal = 0;
        for (var q = 0; q < queryCount; q++)
        {
            var expected = exact.Search(Row(queries, q), k, filter: filter).Select(r => r.Id).ToHashSet();
            hits += approximate.Search(Row(queries, q), k, ef, filter).Count(r => expected.Contains(r.Id));
            expectedTotal += expected.Count;
        }

        return (double)hits / expectedTotal;
    }

    /// <summary><paramref name="vector"/> + noise·N(0, I), re-normalised.</summary>
    public static float[] Perturb(ReadOnlySpan<float> vector, float noise, ref Learning.DeterministicRandom random)
    {
        var moved = vector.ToArray();
        for (var j = 0; j < moved.Length; j++)
        {
            moved[j] += noise * random.NextGaussian();
        }

        Learning.VectorMath.NormalizeInPlace(moved);
        return moved;
    }
}
