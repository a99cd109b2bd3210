using OrleansReco.Learning.Segments;

namespace OrleansReco.Learning.Tests.Segments;

public sealed class SegmentFitTests
{
    private const int D = 16;

    private static float[] Clusters(int k, int perCluster, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var centroids = new float[k * D];
        for (var i = 0; i < centroids.Length; i++)
        {
            centroids[i] = random.NextGaussian();
        }

        var points = new float[k * perCluster * D];
        for (var i = 0; i < k * perCluster; i++)
        {
            for (var j = 0; j < D; j++)
            {
                points[(i * D) + j] = centroids[((i % k) * D) + j] + (0.1f * random.NextGaussian());
            }
        }

        return points;
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void The_fit_chooses_the_true_K_and_reports_every_candidate_with_sizes(int k)
    {
        var points = Clusters(k, 40, seed: (ulong)k);

        var fit = SegmentFit.Choose(points, D, 2, 8, new SegmentFitSettings(), seed: 7)!;

        Assert.Equal(k, fit.K);
        Assert.Equal(Enumerable.Range(2, 7), fit.Candidates.Select(c => c.K));
        Assert.Equal(fit.Candidates.Max(c => c.Silhouette), fit.Silhouette);
        Assert.Equal(k * D, fit.Centroids.Length);
        Assert.All(fit.Sizes, s => Assert.Equal(40, s));
        Assert.True(fit.Candidates[0].Inertia > fit.Candidates.Single(c => c.K == k).Inertia);
    }

    [Fact]
    public void Candidates_above_the_number_of_points_are_skipped_and_none_fitting_gives_null()
    {
        var points = Clusters(2, 2, seed: 1); // 4 points

        Assert.Equal([2, 3, 4], SegmentFit.Choose(points, D, 2, 10, new SegmentFitSettings(), 1)!.Candidates.Select(c => c.K));
        Assert.Null(SegmentFit.Choose(points, D, 5, 10, new SegmentFitSettings(), 1));
    }

    [Fact]
    public void A_reservoir_keeps_every_arrival_with_the_same_probability()
    {
        const int capacity = 10, arrivals = 100, rounds = 4000;
        var kept = new int[arrivals];
        var random = new DeterministicRandom(3);
        for (var round = 0; round < rounds; round++)
        {
            var slots = new int[capacity];
            var count = 0;
            for (var arrival = 0; arrival < arrivals; arrival++)
            {
                var slot = Reservoir.Slot(arrival + 1, count, capacity, ref random);
                if (slot == count)
                {
                    count++;
                }

                if (slot >= 0)
                {
                    slots[slot] = arrival;
                }
            }

            foreach (var arrival in slots)
            {
                kept[arrival]++;
            }
        }

        // Each arrival is kept with probability 10 / 100: 400 of 4000 rounds (σ ≈ 19).
        Assert.All(kept, times => Assert.InRange(times, 300, 500));
    }
}
