using OrleansReco.Learning.Segments;

namespace OrleansReco.Training.Evaluation;

/// <summary>One K candidate: sampled silhouette and inertia of its best fit (the elbow curve's point).</summary>
public sealed record SegmentCandidate(int K, double Silhouette, double Inertia);

/// <summary>
/// The chosen segmentation: its k-means model and silhouette, every candidate tried, and how many users each segment
/// holds (nearest centroid of the final model).
/// </summary>
public sealed record SegmentChoice(OnlineKMeans Model, double Silhouette, IReadOnlyList<SegmentCandidate> Candidates, int[] Sizes)
{
    /// <summary>Chosen number of segments.</summary>
    public int K => Model.K;

    /// <summary>The segment with the most users (the first on ties).</summary>
    public int Largest
    {
        get
        {
            var largest = 0;
            for (var c = 1; c < Sizes.Length; c++)
            {
                largest = Sizes[c] > Sizes[largest] ? c : largest;
            }

            return largest;
        }
    }
}

/// <summary>Chooses the number of segments of a set of vectors by the sampled silhouette over the candidate Ks.</summary>
public static class SegmentSelection
{
    /// <summary>
    /// Fits every candidate K of <paramref name="options"/> to <paramref name="points"/> (n × d, row-major) and keeps the
    /// one with the highest silhouette; candidates above n are skipped. Null when no candidate fits. Deterministic for a
    /// given seed.
    /// </summary>
    public static SegmentChoice? Choose(ReadOnlySpan<float> points, int dimensions, SegmentOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        var n = points.Length / dimensions;
        var assignments = new int[n];
        var candidates = new List<SegmentCandidate>(options.Ks.Count);
        OnlineKMeans? best = null;
        var bestSilhouette = double.NegativeInfinity;
        foreach (var k in options.Ks)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(k, 2, nameof(options)); // a silhouette needs two segments
            if (k > n)
            {
                continue;
            }

            var model = OnlineKMeans.Fit(points, dimensions, k, options.Epochs, seed + (ulong)k, options.MinLearningRate, options.Restarts);
            Assign(points, dimensions, model, assignments);
            // The same seed for every K samples the same users, so the candidates are compared on equal terms.
            var silhouette = Silhouette.Sampled(points, dimensions, assignments, k, options.SilhouetteSample, seed);
            candidates.Add(new SegmentCandidate(k, silhouette, OnlineKMeans.Inertia(points, dimensions, model.Centroids)));
            if (silhouette > bestSilhouette)
            {
                (best, bestSilhouette) = (model, silhouette);
            }
        }

        if (best is null)
        {
            return null;
        }

        Assign(points, dimensions, best, assignments);
        var sizes = new int[best.K];
        foreach (var segment in assignments)
        {
            sizes[segment]++;
        }

        return new SegmentChoice(best, bestSilhouette, candidates, sizes);
    }

    private static void Assign(ReadOnlySpan<float> points, int dimensions, OnlineKMeans model, int[] assignments)
    {
        for (var i = 0; i < assignments.Length; i++)
        {
            assignments[i] = model.Nearest(points.Slice(i * dimensions, dimensions));
        }
    }
}
