using System.Numerics.Tensors;

namespace OrleansReco.Learning.Tests;

public sealed class OnlineUserLearnerTests
{
    private const int Dimensions = 32;
    private const long Now = 1_700_000_000;

    [Theory]
    [InlineData(RankingLoss.Bpr, OptimizerKind.Sgd)]
    [InlineData(RankingLoss.SampledSoftmax, OptimizerKind.Adagrad)]
    [InlineData(RankingLoss.Bpr, OptimizerKind.Adam)]
    public void Online_updates_raise_ndcg_for_a_user_with_a_known_preference(RankingLoss loss, OptimizerKind optimizer)
    {
        var items = SyntheticItems.Clustered(400, Dimensions, 8, seed: 5, out var genreOf);
        const int likedGenre = 3;
        var relevant = new HashSet<int>();
        for (var i = 0; i < items.Count; i++)
        {
            if (genreOf[i] == likedGenre)
            {
                relevant.Add(i);
            }
        }

        // The short-term vector is switched off so the test measures the long-term vector alone.
        var learner = new OnlineUserLearner(new OnlineLearnerOptions
        {
            Loss = loss, Optimizer = optimizer, ShortTermBeta = 0f, LearningRate = optimizer == OptimizerKind.Sgd ? 0.3f : 0.05f, ReplaySamples = 2,
        });
        var user = new UserModel(Dimensions, 32, seed: 9);
        var before = NdcgAt10(items, user, relevant);

        var random = new DeterministicRandom(1);
        for (var e = 0; e < 40; e++)
        {
            var item = (random.NextInt(items.Count / 8) * 8) + likedGenre;
            Assert.True(learner.Learn(user, items, item, 1f, Now, Now));
        }

        var after = NdcgAt10(items, user, relevant);
        Assert.True(after > before + 0.5, $"NDCG@10 before {before:F3}, after {after:F3}");
    }

    [Fact]
    public void Same_seed_and_events_give_bit_identical_vectors()
    {
        var items = SyntheticItems.Clustered(100, Dimensions, 4, seed: 2, out _);
        var learner = new OnlineUserLearner(new OnlineLearnerOptions { ReplaySamples = 3 });
        var a = new UserModel(Dimensions, 16, seed: 42);
        var b = new UserModel(Dimensions, 16, seed: 42);
        for (var e = 0; e < 25; e++)
        {
            learner.Learn(a, items, (e * 7) % 100, 1f, Now, Now);
            learner.Learn(b, items, (e * 7) % 100, 1f, Now, Now);
        }

        Assert.Equal(a.Vector, b.Vector);
        Assert.Equal(a.RandomState, b.RandomState);
    }

    [Fact]
    public void Negative_feedback_lowers_the_items_score()
    {
        var items = SyntheticItems.Clustered(100, Dimensions, 4, seed: 2, out _);
        var learner = new OnlineUserLearner(new OnlineLearnerOptions { ShortTermBeta = 0f });
        var user = new UserModel(Dimensions, 16, seed: 1);
        items[10].CopyTo(user.Vector);
        var before = TensorPrimitives.Dot(user.Vector, items[10]);

        Assert.True(learner.Learn(user, items, 10, -2f, Now, Now));

        Assert.True(TensorPrimitives.Dot(user.Vector, items[10]) < before);
        Assert.Equal(0, user.Replay.Count);
    }

    [Fact]
    public void The_user_vector_norm_never_exceeds_the_bound()
    {
        var items = SyntheticItems.Clustered(50, Dimensions, 2, seed: 4, out _);
        var learner = new OnlineUserLearner(new OnlineLearnerOptions { LearningRate = 50f, MaxNorm = 2f, StepsPerEvent = 5 });
        var user = new UserModel(Dimensions, 8, seed: 1);
        for (var e = 0; e < 30; e++)
        {
            learner.Learn(user, items, e % 50, 3f, Now, Now);
        }

        Assert.True(TensorPrimitives.Norm(user.Vector) <= 2f + 1e-4f);
    }

    [Fact]
    public void A_step_that_would_overflow_is_refused_and_leaves_the_model_unchanged()
    {
        var items = SyntheticItems.Clustered(50, Dimensions, 2, seed: 4, out _);
        var learner = new OnlineUserLearner(new OnlineLearnerOptions { LearningRate = 1e38f, MaxNorm = 0f, StepsPerEvent = 3 });
        var user = new UserModel(Dimensions, 8, seed: 1);
        learner.Learn(user, items, 1, 1f, Now, Now); // may overflow or not; establish some state
        var vector = user.Vector.ToArray();
        var shortTerm = user.ShortTerm.ToArray();
        var replayCount = user.Replay.Count;

        var accepted = learner.Learn(user, items, 2, 3e38f, Now, Now);

        Assert.False(accepted);
        Assert.Equal(vector, user.Vector);
        Assert.Equal(shortTerm, user.ShortTerm);
        Assert.Equal(replayCount, user.Replay.Count);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(0f)]
    public void Non_finite_or_zero_weights_are_rejected(float weight)
    {
        var items = SyntheticItems.Clustered(10, Dimensions, 2, seed: 4, out _);
        var learner = new OnlineUserLearner(new OnlineLearnerOptions());
        var user = new UserModel(Dimensions, 8, seed: 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => learner.Learn(user, items, 1, weight, Now, Now));
        Assert.All(user.Vector, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Older_events_move_the_vector_less_than_fresh_ones()
    {
        var items = SyntheticItems.Clustered(50, Dimensions, 2, seed: 4, out _);
        var learner = new OnlineUserLearner(new OnlineLearnerOptions { RecencyHalfLifeSeconds = 3600, MaxNorm = 0 });
        var fresh = new UserModel(Dimensions, 8, seed: 1);
        var stale = new UserModel(Dimensions, 8, seed: 1);

        learner.Learn(fresh, items, 5, 1f, Now, Now);
        learner.Learn(stale, items, 5, 1f, Now - (4 * 3600), Now);

        Assert.True(TensorPrimitives.Norm(stale.Vector) < 0.2f * TensorPrimitives.Norm(fresh.Vector));
    }

    [Fact]
    public void Learning_allocates_nothing_per_interaction()
    {
        var items = SyntheticItems.Clustered(1000, 64, 8, seed: 4, out _);
        var learner = new OnlineUserLearner(new OnlineLearnerOptions { NegativeSamples = 8, ReplaySamples = 4, Optimizer = OptimizerKind.Adam, Loss = RankingLoss.SampledSoftmax });
        var user = new UserModel(64, 32, seed: 1);
        learner.Learn(user, items, 1, 1f, Now, Now); // first call allocates the optimizer moments

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var e = 0; e < 200; e++)
        {
            learner.Learn(user, items, e % 1000, 1f, Now, Now);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Invalid_options_are_refused_with_the_reason()
    {
        var error = Assert.Throws<ArgumentException>(() => new OnlineUserLearner(new OnlineLearnerOptions { LearningRate = -1f }));
        Assert.Contains("LearningRate", error.Message);
    }

    private static double NdcgAt10(ItemVectors items, UserModel user, HashSet<int> relevant)
    {
        var query = new float[user.Dimensions];
        user.ScoringVector(0f, query);
        var top = new int[10];
        var scores = new float[10];
        var n = TopK.ByDotProduct(items, query, null, top, scores);
        return RankingMetrics.NdcgAt(top.AsSpan(0, n), relevant, 10);
    }
}
