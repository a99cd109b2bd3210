namespace OrleansReco.Learning.Segments;

/// <summary>One candidate K of a fit: the sampled silhouette and the inertia of its best k-means fit (a point of the elbow curve).</summary>
public readonly record struct SegmentFitCandidate(int K, double Silhouette, double Inertia);

/// <summary>A fit's outcome: the chosen K's centroids (K × d, row-major), its silhouette, every candidate, and the points per segment.</summary>
public sealed record SegmentFitResult(int K, double Silhouette, float[] Centroids, IReadOnlyList<SegmentFitCandidate> Candidates, int[] Sizes);

/// <summary>
/// Chooses the number of segments of a sample of user vectors: for every K in [minK, maxK] (K ≤ n), k-means++ seeded
/// online k-means with restarts, scored by the sampled silhouette on the same sampled points; the highest silhouette
/// wins, the smaller K on ties. Deterministic for a given seed.
/// </summary>
public static class SegmentFit
{
    /// <summary>Fits <paramref name="points"/> (n × d); null when no candidate K fits (fewer points than <paramref name="minK"/>).</summary>
    public static SegmentFitResult? Choose(ReadOnlySpan<float> points, int dimensions, int minK, int maxK, SegmentFitSettings settings, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minK, 2); // a silhouette needs two segments
        ArgumentOutOfRangeException.ThrowIfLessThan(maxK, minK);
        var n = points.Length / dimensions;
        var assignments = new int[n];
        var candidates = new List<SegmentFitCandidate>(maxK - minK + 1);
        OnlineKMeans? best = null;
        var bestSilhouette = double.NegativeInfinity;
        for (var k = minK; k <= Math.Min(maxK, n); k++)
        {
            var model = OnlineKMeans.Fit(points, dimensions, k, settings.Epochs, seed + (ulong)k, settings.MinLearningRate, settings.Restarts);
            Assign(points, dimensions, model.Centroids, assignments);
            var silhouette = Silhouette.Sampled(points, dimensions, assignments, k, settings.SilhouetteSample, seed);
            candidates.Add(new SegmentFitCandidate(k, silhouette, OnlineKMeans.Inertia(points, dimensions, model.Centroids)));
            if (silhouette > bestSilhouette)
            {
                (best, bestSilhouette) = (model, silhouette);
            }
        }

        if (best is null)
        {
            return null;
        }

        Assign(points, dimensions, best.Centroids, assignments);
        var sizes = new int[best.K];
        foreach (var segment in assignments)
        {
            sizes[segment]++;
        }

        return new SegmentFitResult(best.K, bestSilhouette, best.Centroids.ToArray(), candidates, sizes);
    }

    private static void Assign(ReadOnlySpan<float> points, int dimensions, ReadOnlySpan<float> centroids, int[] assignments)
    {
        for (var i = 0; i < assignments.Length; i++)
        {
            assignments[i] = OnlineKMeans.Nearest(centroids, dimensions, points.Slice(i * dimensions, dimensions));
        }
    }
}

/// <summary>How hard <see cref="SegmentFit"/> works per candidate K.</summary>
public sealed record SegmentFitSettings
{
    /// <summary>k-means fits per K from different seeds; the lowest inertia is kept.</summary>
    public int Restarts { get; init; } = 3;

    /// <summary>Shuffled online passes over the points per fit.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Points sampled for the silhouette (its cost is quadratic in this).</summary>
    public int SilhouetteSample { get; init; } = 500;

    /// <summary>Smallest k-means step; 0 makes each centroid the plain mean of its points (a fit is one snapshot).</summary>
    public float MinLearningRate { get; init; }
}
