namespace OrleansReco.Learning.Tests;

/// <summary>Seeded catalogs for tests: items in genre clusters around random unit centroids.</summary>
internal static class SyntheticItems
{
    public static ItemVectors Clustered(int count, int dimensions, int genres, ulong seed, out int[] genreOf, float noise = 0.35f)
    {
        var random = new DeterministicRandom(seed);
        var centroids = new float[genres * dimensions];
        for (var i = 0; i < centroids.Length; i++)
        {
            centroids[i] = random.NextGaussian();
        }

        for (var g = 0; g < genres; g++)
        {
            VectorMath.NormalizeInPlace(centroids.AsSpan(g * dimensions, dimensions));
        }

        genreOf = new int[count];
        var data = new float[count * dimensions];
        for (var i = 0; i < count; i++)
        {
            var g = i % genres;
            genreOf[i] = g;
            var row = data.AsSpan(i * dimensions, dimensions);
            for (var j = 0; j < dimensions; j++)
            {
                row[j] = centroids[(g * dimensions) + j] + (noise * random.NextGaussian() / MathF.Sqrt(dimensions));
            }

            VectorMath.NormalizeInPlace(row);
        }

        return new ItemVectors(data, dimensions);
    }

    public static float[] RandomVector(int dimensions, ref DeterministicRandom random, float scale = 1f)
    {
        var v = new float[dimensions];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = scale * random.NextGaussian();
        }

        return v;
    }
}
