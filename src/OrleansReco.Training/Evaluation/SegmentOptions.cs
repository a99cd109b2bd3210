namespace OrleansReco.Training.Evaluation;

/// <summary>
/// How protocol P segments the warm-up users' iALS vectors: K candidates scored by the sampled silhouette, each fitted
/// with seeded online k-means restarts (see <see cref="SegmentSelection"/>).
/// </summary>
public sealed record SegmentOptions
{
    /// <summary>Candidate segment counts (each ≥ 2); the highest sampled silhouette wins, the smallest K on ties.</summary>
    public IReadOnlyList<int> Ks { get; init; } = [2, 3, 4, 5, 6, 7, 8, 9, 10];

    /// <summary>k-means fits per K from different seeds; the one with the lowest inertia is kept.</summary>
    public int Restarts { get; init; } = 4;

    /// <summary>Shuffled online passes over the users per fit.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Users sampled for the silhouette (its cost is quadratic in this).</summary>
    public int SilhouetteSample { get; init; } = 2000;

    /// <summary>
    /// Smallest k-means step. 0: the warm-up is one fixed snapshot with no drift to follow, so each centroid is the plain
    /// running mean of its users (the forgetting floor is for live segments).
    /// </summary>
    public float MinLearningRate { get; init; }
}
