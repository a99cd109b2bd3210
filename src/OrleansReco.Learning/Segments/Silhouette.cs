namespace OrleansReco.Learning.Segments;

/// <summary>
/// Silhouette (Rousseeuw 1987) of a clustering, on a seeded sample of points so it stays cheap on millions of users:
/// for each sampled point, (b − a) / max(a, b) with a its mean distance to its own cluster and b the smallest mean
/// distance to another cluster (both over the sample). In [−1, 1]; higher is better separated.
/// </summary>
public static class Silhouette
{
    /// <summary>Mean silhouette over up to <paramref name="sampleSize"/> sampled points (Euclidean distances).</summary>
    public static double Sampled(ReadOnlySpan<float> points, int dimensions, ReadOnlySpan<int> assignments, int k, int sampleSize, ulong seed)
    {
        var n = points.Length / dimensions;
        if (assignments.Length != n)
        {
            throw new ArgumentException("One assignment per point is needed.", nameof(assignments));
        }

        var random = new DeterministicRandom(seed);
        var sample = Sample(n, Math.Min(sampleSize, n), ref random);
        var sums = new double[k];
        var sizes = new int[k];
        foreach (var i in sample)
        {
            sizes[assignments[i]]++;
        }

        double total = 0;
        var counted = 0;
        foreach (var i in sample)
        {
            Array.Clear(sums);
            var point = points.Slice(i * dimensions, dimensions);
            foreach (var j in sample)
            {
                if (j != i)
                {
                    sums[assignments[j]] += MathF.Sqrt(OnlineKMeans.SquaredDistance(point, points.Slice(j * dimensions, dimensions)));
                }
            }

            var own = assignments[i];
            if (sizes[own] < 2)
            {
                continue; // a singleton's silhouette is 0 by convention; leaving it out keeps small samples honest
            }

            var a = sums[own] / (sizes[own] - 1);
            var b = double.PositiveInfinity;
            for (var c = 0; c < k; c++)
            {
                if (c != own && sizes[c] > 0)
                {
                    b = Math.Min(b, sums[c] / sizes[c]);
                }
            }

            total += double.IsPositiveInfinity(b) ? 0 : (b - a) / Math.Max(a, b);
            counted++;
        }

        return counted == 0 ? 0 : total / counted;
    }

    private static int[] Sample(int n, int size, ref DeterministicRandom random)
    {
        var all = new int[n];
        for (var i = 0; i < n; i++)
        {
            all[i] = i;
        }

        for (var i = 0; i < size; i++)
        {
            var j = i + random.NextInt(n - i);
            (all[i], all[j]) = (all[j], all[i]);
        }

        return all[..size];
    }
}
