using System.Numerics.Tensors;

namespace OrleansReco.Learning.Segments;

/// <summary>
/// Mini-batch online k-means (Sculley 2010) over row-major points: each point moves its nearest centroid by
/// η = 1 / count toward it, with η never below <see cref="MinLearningRate"/> (forgetting), so a centroid keeps following
/// its segment when users drift. Seeded with k-means++ (Arthur &amp; Vassilvitskii 2007). Squared Euclidean distance.
/// </summary>
public sealed class OnlineKMeans
{
    private readonly float[] _centroids;
    private readonly long[] _counts;

    /// <summary>Starts from the given centroids (k × d, row-major), each as if it had seen one point.</summary>
    public OnlineKMeans(float[] centroids, int dimensions, float minLearningRate = 0.01f)
    {
        ArgumentNullException.ThrowIfNull(centroids);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(minLearningRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minLearningRate, 1f);
        if (centroids.Length == 0 || centroids.Length % dimensions != 0)
        {
            throw new ArgumentException($"Centroids must hold k × {dimensions} values.", nameof(centroids));
        }

        (_centroids, Dimensions, MinLearningRate) = ((float[])centroids.Clone(), dimensions, minLearningRate);
        _counts = new long[centroids.Length / dimensions];
        Array.Fill(_counts, 1);
    }

    /// <summary>Vector length d.</summary>
    public int Dimensions { get; }

    /// <summary>Number of centroids k.</summary>
    public int K => _counts.Length;

    /// <summary>Smallest step: with it, older points are forgotten at rate (1 − η) per update.</summary>
    public float MinLearningRate { get; }

    /// <summary>Centroid <paramref name="cluster"/>.</summary>
    public ReadOnlySpan<float> Centroid(int cluster) => _centroids.AsSpan(cluster * Dimensions, Dimensions);

    /// <summary>All centroids, row-major.</summary>
    public ReadOnlySpan<float> Centroids => _centroids;

    /// <summary>Points each centroid has absorbed (starting at 1).</summary>
    public long Count(int cluster) => _counts[cluster];

    /// <summary>The centroid nearest to <paramref name="point"/>.</summary>
    public int Nearest(ReadOnlySpan<float> point) => Nearest(_centroids, Dimensions, point);

    /// <summary>Moves the nearest centroid toward <paramref name="point"/>; returns its index.</summary>
    public int Update(ReadOnlySpan<float> point)
    {
        var cluster = Nearest(point);
        Update(cluster, point);
        return cluster;
    }

    /// <summary>Moves centroid <paramref name="cluster"/> toward <paramref name="point"/> by η = max(1 / count, minimum).</summary>
    public void Update(int cluster, ReadOnlySpan<float> point) =>
        Step(_centroids.AsSpan(cluster * Dimensions, Dimensions), point, ++_counts[cluster], MinLearningRate);

    /// <summary>
    /// A mini-batch step of one centroid: <paramref name="batch"/> points with sum <paramref name="sum"/> after <paramref name="seen"/>
    /// earlier ones. Without forgetting this is the exact running mean; with it the centroid moves at least as far as
    /// <paramref name="batch"/> single steps of the minimum rate toward the batch mean would.
    /// </summary>
    public static void BatchStep(Span<float> centroid, ReadOnlySpan<float> sum, int batch, long seen, float minLearningRate)
    {
        if (batch <= 0)
        {
            return;
        }

        var rate = (float)Math.Max((double)batch / (seen + batch), 1 - Math.Pow(1 - minLearningRate, batch));
        for (var j = 0; j < centroid.Length; j++)
        {
            centroid[j] += rate * ((sum[j] / batch) - centroid[j]);
        }
    }

    /// <summary>One online k-means step of a single centroid that has now seen <paramref name="count"/> points.</summary>
    public static void Step(Span<float> centroid, ReadOnlySpan<float> point, long count, float minLearningRate)
    {
        var rate = Math.Max(1f / count, minLearningRate);
        for (var j = 0; j < centroid.Length; j++)
        {
            centroid[j] += rate * (point[j] - centroid[j]);
        }
    }

    /// <summary>
    /// Fits k centroids to <paramref name="points"/> (n × d) <paramref name="restarts"/> times from different seeds and keeps
    /// the fit with the lowest inertia (one unlucky seeding can merge two segments). Deterministic for a given seed.
    /// </summary>
    public static OnlineKMeans Fit(ReadOnlySpan<float> points, int dimensions, int k, int epochs, ulong seed, float minLearningRate = 0.01f, int restarts = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(restarts, 1);
        OnlineKMeans? best = null;
        var bestInertia = double.PositiveInfinity;
        for (var restart = 0; restart < restarts; restart++)
        {
            var model = FitOnce(points, dimensions, k, epochs, seed + ((ulong)restart * 0x9E3779B97F4A7C15UL), minLearningRate);
            var inertia = restarts == 1 ? 0 : Inertia(points, dimensions, model.Centroids);
            if (best is null || inertia < bestInertia)
            {
                (best, bestInertia) = (model, inertia);
            }
        }

        return best!;
    }

    /// <summary>One fit: k-means++ seeding, then <paramref name="epochs"/> shuffled passes of online updates.</summary>
    private static OnlineKMeans FitOnce(ReadOnlySpan<float> points, int dimensions, int k, int epochs, ulong seed, float minLearningRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 0);
        var random = new DeterministicRandom(seed);
        var model = new OnlineKMeans(SeedPlusPlus(points, dimensions, k, ref random), dimensions, minLearningRate);
        var n = points.Length / dimensions;
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        for (var epoch = 0; epoch < epochs; epoch++)
        {
            for (var i = n - 1; i > 0; i--)
            {
                var j = random.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }

            foreach (var i in order)
            {
                model.Update(points.Slice(i * dimensions, dimensions));
            }
        }

        return model;
    }

    /// <summary>k-means++ seeding: the first centroid uniformly, each next one with probability ∝ squared distance to the nearest chosen.</summary>
    public static float[] SeedPlusPlus(ReadOnlySpan<float> points, int dimensions, int k, ref DeterministicRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        var n = points.Length / dimensions;
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (n < k || points.Length % dimensions != 0)
        {
            throw new ArgumentException($"Need at least k = {k} points of {dimensions} dimensions, got {points.Length} values.", nameof(points));
        }

        var centroids = new float[k * dimensions];
        var nearest = new float[n];
        Array.Fill(nearest, float.PositiveInfinity);
        var first = random.NextInt(n);
        points.Slice(first * dimensions, dimensions).CopyTo(centroids);
        for (var c = 1; c < k; c++)
        {
            var last = centroids.AsSpan((c - 1) * dimensions, dimensions);
            double total = 0;
            for (var i = 0; i < n; i++)
            {
                nearest[i] = MathF.Min(nearest[i], SquaredDistance(points.Slice(i * dimensions, dimensions), last));
                total += nearest[i];
            }

            var target = random.NextFloat() * total;
            var chosen = n - 1;
            for (var i = 0; i < n; i++)
            {
                target -= nearest[i];
                if (target <= 0 && nearest[i] > 0)
                {
                    chosen = i;
                    break;
                }
            }

            points.Slice(chosen * dimensions, dimensions).CopyTo(centroids.AsSpan(c * dimensions, dimensions));
        }

        return centroids;
    }

    /// <summary>Sum over points of the squared distance to their nearest centroid (the elbow curve's y).</summary>
    public static double Inertia(ReadOnlySpan<float> points, int dimensions, ReadOnlySpan<float> centroids)
    {
        double inertia = 0;
        for (var i = 0; i < points.Length / dimensions; i++)
        {
            var point = points.Slice(i * dimensions, dimensions);
            inertia += SquaredDistance(point, centroids.Slice(Nearest(centroids, dimensions, point) * dimensions, dimensions));
        }

        return inertia;
    }

    /// <summary>Index of the centroid nearest to <paramref name="point"/>.</summary>
    public static int Nearest(ReadOnlySpan<float> centroids, int dimensions, ReadOnlySpan<float> point)
    {
        var best = 0;
        var bestDistance = float.PositiveInfinity;
        for (var c = 0; c < centroids.Length / dimensions; c++)
        {
            var distance = SquaredDistance(point, centroids.Slice(c * dimensions, dimensions));
            if (distance < bestDistance)
            {
                (best, bestDistance) = (c, distance);
            }
        }

        return best;
    }

    /// <summary>‖x − y‖².</summary>
    public static float SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var distance = TensorPrimitives.Distance(x, y);
        return distance * distance;
    }
}
