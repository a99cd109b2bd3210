using MathNet.Numerics.LinearAlgebra;
using OrleansReco.Learning.Segments;

namespace OrleansReco.Learning.Tests.Segments;

public sealed class SegmentMathTests
{
    private const int D = 16;

    /// <summary>n points per cluster around k seeded unit centroids (noise σ per component).</summary>
    private static (float[] Points, float[] Centroids) Clusters(int k, int perCluster, float noise, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var centroids = new float[k * D];
        for (var c = 0; c < k; c++)
        {
            var centroid = centroids.AsSpan(c * D, D);
            for (var j = 0; j < D; j++)
            {
                centroid[j] = random.NextGaussian();
            }

            VectorMath.NormalizeInPlace(centroid);
        }

        var points = new float[k * perCluster * D];
        for (var i = 0; i < k * perCluster; i++)
        {
            for (var j = 0; j < D; j++)
            {
                points[(i * D) + j] = centroids[((i % k) * D) + j] + (noise * random.NextGaussian());
            }
        }

        return (points, centroids);
    }

    private static float BestCosine(ReadOnlySpan<float> truth, OnlineKMeans model)
    {
        var best = -1f;
        for (var c = 0; c < model.K; c++)
        {
            best = MathF.Max(best, VectorMath.Cosine(truth, model.Centroid(c)));
        }

        return best;
    }

    [Fact]
    public void Online_kmeans_recovers_seeded_cluster_centroids()
    {
        var (points, truth) = Clusters(k: 5, perCluster: 400, noise: 0.1f, seed: 3);

        var model = OnlineKMeans.Fit(points, D, k: 5, epochs: 5, seed: 11, restarts: 5);

        for (var c = 0; c < 5; c++)
        {
            var cosine = BestCosine(truth.AsSpan(c * D, D), model);
            Assert.True(cosine > 0.95f, $"true centroid {c}: best matched cosine {cosine:F3}");
        }
    }

    [Fact]
    public void Silhouette_picks_the_true_number_of_clusters()
    {
        var (points, _) = Clusters(k: 5, perCluster: 200, noise: 0.1f, seed: 5);
        var scores = new Dictionary<int, double>();

        for (var k = 2; k <= 8; k++)
        {
            var model = OnlineKMeans.Fit(points, D, k, epochs: 5, seed: 7, restarts: 5);
            var assignments = new int[points.Length / D];
            for (var i = 0; i < assignments.Length; i++)
            {
                assignments[i] = model.Nearest(points.AsSpan(i * D, D));
            }

            scores[k] = Silhouette.Sampled(points, D, assignments, k, sampleSize: 400, seed: 9);
        }

        Assert.Equal(5, scores.MaxBy(p => p.Value).Key);
        Assert.True(OnlineKMeans.Inertia(points, D, OnlineKMeans.Fit(points, D, 5, 5, 7).Centroids)
            < OnlineKMeans.Inertia(points, D, OnlineKMeans.Fit(points, D, 2, 5, 7).Centroids), "inertia falls as K grows (elbow curve)");
    }

    [Fact]
    public void With_forgetting_a_moved_cluster_is_followed_within_300_updates_and_without_it_is_not()
    {
        var (points, truth) = Clusters(k: 3, perCluster: 500, noise: 0.05f, seed: 8);
        var forgetting = OnlineKMeans.Fit(points, D, 3, epochs: 3, seed: 1, minLearningRate: 0.02f);
        var stubborn = OnlineKMeans.Fit(points, D, 3, epochs: 3, seed: 1, minLearningRate: 0f);
        var random = new DeterministicRandom(4);
        var moved = new float[D];
        for (var j = 0; j < D; j++)
        {
            moved[j] = truth[j] + (0.6f * random.NextGaussian() / MathF.Sqrt(D)); // cluster 0 drifts
        }

        var tracked = forgetting.Nearest(truth.AsSpan(0, D));
        var trackedStubborn = stubborn.Nearest(truth.AsSpan(0, D));
        var point = new float[D];
        for (var update = 0; update < 300; update++)
        {
            for (var j = 0; j < D; j++)
            {
                point[j] = moved[j] + (0.05f * random.NextGaussian());
            }

            forgetting.Update(tracked, point);
            stubborn.Update(trackedStubborn, point);
        }

        Assert.True(VectorMath.Cosine(forgetting.Centroid(tracked), moved) > 0.99f);
        Assert.True(VectorMath.Cosine(stubborn.Centroid(trackedStubborn), moved) < VectorMath.Cosine(forgetting.Centroid(tracked), moved) - 0.01f);
    }

    [Fact]
    public void Procrustes_recovers_a_random_rotation()
    {
        var random = new DeterministicRandom(21);
        var old = new float[300 * D];
        for (var i = 0; i < old.Length; i++)
        {
            old[i] = random.NextGaussian();
        }

        var q = Matrix<double>.Build.Dense(D, D, (_, _) => random.NextGaussian()).QR().Q; // a random orthogonal matrix
        var rotated = Rotate(old, q.Transpose()); // new = old Qᵀ, so new Q = old
        var noisy = (float[])rotated.Clone();
        for (var i = 0; i < noisy.Length; i++)
        {
            noisy[i] += 0.05f * random.NextGaussian();
        }

        var exact = Procrustes.Rotation(rotated, old, D);
        var fromNoisy = Procrustes.Rotation(noisy, old, D);

        Assert.True(MaxDifference(exact, q) < 1e-3, $"max |R − Q| = {MaxDifference(exact, q):E2}");
        Assert.True(MaxDifference(fromNoisy, q) < 0.05, $"with noise: max |R − Q| = {MaxDifference(fromNoisy, q):E2}");
        var back = new float[D];
        Procrustes.Apply(exact, rotated.AsSpan(0, D), back);
        Assert.True(VectorMath.Cosine(back, old.AsSpan(0, D)) > 0.9999f);
    }

    [Fact]
    public void The_k_anonymity_floor_hides_19_users_and_shows_20()
    {
        Assert.False(PrivateAggregates.MayShow(19));
        Assert.True(PrivateAggregates.MayShow(20));
        Assert.False(PrivateAggregates.MayShow(49, floor: 50));
    }

    [Fact]
    public void Laplace_noise_has_zero_mean_and_the_configured_scale()
    {
        var random = new DeterministicRandom(13);
        double sum = 0, absolute = 0;
        const int draws = 40_000;
        for (var i = 0; i < draws; i++)
        {
            var x = PrivateAggregates.Laplace(2.0, ref random);
            (sum, absolute) = (sum + x, absolute + Math.Abs(x));
        }

        Assert.InRange(sum / draws, -0.05, 0.05);
        Assert.InRange(absolute / draws, 1.95, 2.05); // E|X| = b for Laplace(0, b)
        Assert.True(PrivateAggregates.NoisyCount(0, epsilon: 1, ref random) >= 0);
    }

    private static float[] Rotate(float[] rows, Matrix<double> rotation)
    {
        var result = new float[rows.Length];
        for (var i = 0; i < rows.Length / D; i++)
        {
            for (var j = 0; j < D; j++)
            {
                double value = 0;
                for (var m = 0; m < D; m++)
                {
                    value += rows[(i * D) + m] * rotation[m, j];
                }

                result[(i * D) + j] = (float)value;
            }
        }

        return result;
    }

    private static double MaxDifference(float[] r, Matrix<double> q)
    {
        double max = 0;
        for (var i = 0; i < D; i++)
        {
            for (var j = 0; j < D; j++)
            {
                max = Math.Max(max, Math.Abs(r[(i * D) + j] - q[i, j]));
            }
        }

        return max;
    }
}
