using OrleansReco.Learning;
using OrleansReco.Training.Evaluation;

namespace OrleansReco.Training.Tests;

public sealed class SegmentSelectionTests
{
    private const int D = 16;

    /// <summary>Seeded Gaussian "user vectors": sizes[c] points around each of the seeded unit centroids (σ = noise per component).</summary>
    private static (float[] Points, float[] Centroids) Users(int[] sizes, float noise, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var centroids = new float[sizes.Length * D];
        for (var j = 0; j < centroids.Length; j++)
        {
            centroids[j] = random.NextGaussian();
        }

        for (var c = 0; c < sizes.Length; c++)
        {
            VectorMath.NormalizeInPlace(centroids.AsSpan(c * D, D));
        }

        var points = new List<float>();
        for (var c = 0; c < sizes.Length; c++)
        {
            for (var i = 0; i < sizes[c]; i++)
            {
                for (var j = 0; j < D; j++)
                {
                    points.Add(centroids[(c * D) + j] + (noise * random.NextGaussian()));
                }
            }
        }

        return ([.. points], centroids);
    }

    [Fact]
    public void The_sampled_silhouette_picks_the_true_K_and_the_largest_segment()
    {
        int[] sizes = [160, 120, 80, 40];
        var (points, truth) = Users(sizes, noise: 0.1f, seed: 17);
        var options = new SegmentOptions { Restarts = 3, Epochs = 5, SilhouetteSample = 300 };

        var choice = SegmentSelection.Choose(points, D, options, seed: 42)!;

        Assert.Equal(4, choice.K);
        Assert.InRange(choice.Silhouette, 0.5, 1);
        Assert.Equal(9, choice.Candidates.Count);
        Assert.Equal(choice.Silhouette, choice.Candidates[2].Silhouette);
        Assert.True(choice.Candidates[2].Inertia < choice.Candidates[0].Inertia, "inertia falls from K = 2 to the true K");
        Assert.Equal(sizes.Sum(), choice.Sizes.Sum());
        Assert.Equal(160, choice.Sizes[choice.Largest]);
        Assert.True(VectorMath.Cosine(truth.AsSpan(0, D), choice.Model.Centroid(choice.Largest)) > 0.95f, "the largest segment's centroid is the first cluster's");
    }

    [Fact]
    public void Candidates_above_the_number_of_users_are_skipped_and_none_left_means_no_segmentation()
    {
        var (points, _) = Users([2, 1], noise: 0.1f, seed: 3);

        var choice = SegmentSelection.Choose(points, D, new SegmentOptions(), seed: 1);

        Assert.Equal([2, 3], choice!.Candidates.Select(c => c.K));
        Assert.Null(SegmentSelection.Choose(points.AsSpan(0, D), D, new SegmentOptions(), seed: 1));
    }
}
