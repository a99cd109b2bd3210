namespace OrleansReco.Learning.Tests;

public sealed class GradientTests
{
    private const int Dimensions = 16;

    [Theory]
    [InlineData(RankingLoss.Bpr, 0f, 0f)]
    [InlineData(RankingLoss.SampledSoftmax, 0f, 0f)]
    [InlineData(RankingLoss.Bpr, 0.7f, 0.3f)]
    [InlineData(RankingLoss.SampledSoftmax, 0.7f, 0.3f)]
    public void Gradient_matches_central_finite_differences(RankingLoss loss, float beta, float pull)
    {
        var options = new OnlineLearnerOptions { Loss = loss, ShortTermBeta = beta, BaselinePull = pull, SoftmaxTemperature = 0.5f };
        var items = SyntheticItems.Clustered(50, Dimensions, 5, seed: 7, out _);
        var random = new DeterministicRandom(11);
        var user = SyntheticItems.RandomVector(Dimensions, ref random, 0.5f);
        var shortTerm = SyntheticItems.RandomVector(Dimensions, ref random, 0.5f);
        var baseline = SyntheticItems.RandomVector(Dimensions, ref random, 0.5f);
        // Two positives (one replayed, lower weight) and one negative-feedback term, 4 shared negatives.
        int[] positives = [3, 17, 22];
        float[] weights = [1.5f, 0.4f, -0.8f];
        int[] negatives = [1, 8, 30, 44];

        var analytic = new float[Dimensions];
        var scratch = new float[Dimensions];
        OnlineUserLearner.ObjectiveAndGradient(user, shortTerm, baseline, items, positives, weights, negatives, options, analytic, scratch);

        const float h = 1e-2f;
        var numeric = new double[Dimensions];
        var unused = new float[Dimensions];
        for (var j = 0; j < Dimensions; j++)
        {
            var saved = user[j];
            user[j] = saved + h;
            var plus = OnlineUserLearner.ObjectiveAndGradient(user, shortTerm, baseline, items, positives, weights, negatives, options, unused, scratch);
            user[j] = saved - h;
            var minus = OnlineUserLearner.ObjectiveAndGradient(user, shortTerm, baseline, items, positives, weights, negatives, options, unused, scratch);
            user[j] = saved;
            numeric[j] = ((double)plus - minus) / (2 * h);
        }

        double diff = 0, norm = 0;
        for (var j = 0; j < Dimensions; j++)
        {
            diff += (analytic[j] - numeric[j]) * (analytic[j] - numeric[j]);
            norm += numeric[j] * numeric[j];
        }

        var relativeError = Math.Sqrt(diff) / Math.Sqrt(norm);
        Assert.True(relativeError < 1e-3, $"relative error {relativeError:E3}");
    }

    [Fact]
    public void Negative_feedback_gradient_points_toward_the_item_so_a_step_moves_away()
    {
        var items = SyntheticItems.Clustered(10, Dimensions, 2, seed: 3, out _);
        var user = items[4].ToArray();
        var gradient = new float[Dimensions];
        OnlineUserLearner.ObjectiveAndGradient(user, new float[Dimensions], new float[Dimensions], items, [4], [-1f], [],
            new OnlineLearnerOptions(), gradient, new float[Dimensions]);

        Assert.True(System.Numerics.Tensors.TensorPrimitives.Dot(gradient, items[4]) > 0);
    }
}
