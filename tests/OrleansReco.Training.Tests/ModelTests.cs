using OrleansReco.Learning;
using OrleansReco.Training.Data;
using OrleansReco.Training.Evaluation;
using OrleansReco.Training.Models;
using static OrleansReco.Training.Tests.SyntheticData;

namespace OrleansReco.Training.Tests;

public sealed class ModelTests
{
    private static InteractionMatrix Matrix(int users, int items, params (int User, int Item)[] pairs) =>
        InteractionMatrix.From(pairs.Select(p => I(p.User, p.Item)).ToArray(), users, items);

    [Fact]
    public void MostPopScoresByTrainingCount()
    {
        var train = Matrix(3, 3, (0, 0), (1, 0), (2, 0), (1, 2), (2, 2));
        var model = new MostPopular();
        model.Fit(train, ProgressLog.Silent);
        var scores = new float[3];

        model.Score(0, train.ItemsOf(0), scores);

        Assert.Equal([3f, 0f, 2f], scores);
    }

    [Fact]
    public void EaseTwoItemWeightsMatchTheClosedFormByHand()
    {
        // Item 0 has 3 users, item 1 has 4, they share 2. With λ = 1:
        // B[0,1] = c / (a + λ) = 2 / 4, B[1,0] = c / (b + λ) = 2 / 5, diag(B) = 0.
        var train = Matrix(5, 2, (0, 0), (0, 1), (1, 0), (2, 0), (2, 1), (3, 1), (4, 1));
        var ease = new Ease(1.0);

        ease.Fit(train, ProgressLog.Silent);

        Assert.Equal(0f, ease.Weights[0]);
        Assert.Equal(0.5f, ease.Weights[1], 6);
        Assert.Equal(0.4f, ease.Weights[2], 6);
        Assert.Equal(0f, ease.Weights[3]);
        var scores = new float[2];
        ease.Score(1, train.ItemsOf(1), scores);
        Assert.Equal([0f, 0.5f], scores);
    }

    [Fact]
    public void EaseMatchesAnIndependentInverseAndHasAZeroDiagonal()
    {
        var events = Clustered(users: 30, items: 12, clusters: 3, perUser: 4, seed: 5);
        var train = InteractionMatrix.From(events, 30, 12);
        const double lambda = 2.0;
        var ease = new Ease(lambda);

        ease.Fit(train, ProgressLog.Silent);

        var g = Ease.Gram(train);
        for (var i = 0; i < 12; i++)
        {
            g[(i * 12) + i] += lambda;
        }

        var p = GaussJordanInverse(g, 12);
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(0f, ease.Weights[(i * 12) + i]);
            for (var j = 0; j < 12; j++)
            {
                var expected = i == j ? 0 : -p[(i * 12) + j] / p[(j * 12) + j];
                Assert.Equal(expected, ease.Weights[(i * 12) + j], 5);
            }
        }
    }

    [Fact]
    public void ItemKnnUsesCosineOfBinaryColumnsAndKeepsTopNeighbours()
    {
        // deg(0) = 3, deg(1) = 2, deg(2) = 1; |U0 ∩ U1| = 2, |U0 ∩ U2| = 1.
        var train = Matrix(3, 3, (0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 2));
        var knn = new ItemKnn(neighbours: 2);
        knn.Fit(train, ProgressLog.Silent);
        var scores = new float[3];

        knn.Score(0, [0], scores);
        Assert.Equal(0f, scores[0]);
        Assert.Equal(2 / MathF.Sqrt(6), scores[1], 5);
        Assert.Equal(1 / MathF.Sqrt(3), scores[2], 5);

        var one = new ItemKnn(neighbours: 1);
        one.Fit(train, ProgressLog.Silent);
        one.Score(0, [0], scores);
        Assert.Equal(0f, scores[2]);
    }

    [Fact]
    public void IalsLossNeverIncreasesAcrossSweeps()
    {
        var events = Clustered(users: 80, items: 40, clusters: 2, perUser: 8, seed: 11);
        var train = InteractionMatrix.From(events, 80, 40);
        var als = new ImplicitAls(new IalsOptions { Dimensions = 8, Alpha = 5, Regularization = 1, Sweeps = 6 });

        als.Fit(train, ProgressLog.Silent);

        Assert.Equal(6, als.LossHistory.Count);
        for (var s = 1; s < als.LossHistory.Count; s++)
        {
            Assert.True(als.LossHistory[s] <= als.LossHistory[s - 1] * (1 + 1e-6), $"loss rose at sweep {s + 1}: {string.Join(", ", als.LossHistory)}");
        }

        Assert.True(als.LossHistory[^1] < als.LossHistory[0]);
    }

    [Fact]
    public void IalsAndBprRankHeldOutCoOccurringItemsFarAboveRandom()
    {
        var events = Clustered(users: 120, items: 60, clusters: 3, perUser: 10, seed: 13);
        var split = Splits.PerUserTemporal(events);
        var train = InteractionMatrix.From(split.Train, 120, 60);
        var evaluation = new StaticEvaluation(train, split.Test);

        var random = Fit(new RandomScores(99), train, evaluation);
        var als = Fit(new ImplicitAls(new IalsOptions { Dimensions = 8, Alpha = 5, Regularization = 1, Sweeps = 5 }), train, evaluation);
        var bpr = Fit(new BprMf(new BprOptions { Dimensions = 8, Epochs = 30 }), train, evaluation);

        Assert.True(als.Recall10 > random.Recall10 + 0.25, $"iALS {als.Recall10} vs random {random.Recall10}");
        Assert.True(bpr.Recall10 > random.Recall10 + 0.25, $"BPR {bpr.Recall10} vs random {random.Recall10}");
    }

    [Fact]
    public void IalsIsDeterministicAndFoldInEqualsItsUserStep()
    {
        var events = Clustered(users: 50, items: 30, clusters: 2, perUser: 6, seed: 17);
        var train = InteractionMatrix.From(events, 50, 30);
        var options = new IalsOptions { Dimensions = 6, Alpha = 3, Regularization = 2, Sweeps = 3, TrackLoss = false };
        var first = new ImplicitAls(options);
        var second = new ImplicitAls(options);
        first.Fit(train, ProgressLog.Silent);
        second.Fit(train, ProgressLog.Silent);
        Assert.Equal(first.ItemFactors, second.ItemFactors);

        first.SolveSide(train, byUser: true, first.UserFactors, first.ItemFactors);
        var foldIn = new IalsFoldIn(first.ToItemVectors(), options.Alpha, options.Regularization);
        var user = new float[6];
        foldIn.Solve(train.ItemsOf(7), user);
        Assert.Equal(first.UserFactors.AsSpan(7 * 6, 6).ToArray(), user);
    }

    private static StaticMetrics Fit(IStaticRecommender model, InteractionMatrix train, StaticEvaluation evaluation)
    {
        model.Fit(train, ProgressLog.Silent);
        return evaluation.Evaluate(model);
    }

    private static double[] GaussJordanInverse(double[] matrix, int n)
    {
        var a = (double[])matrix.Clone();
        var inverse = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            inverse[(i * n) + i] = 1;
        }

        for (var c = 0; c < n; c++)
        {
            var pivot = a[(c * n) + c];
            for (var j = 0; j < n; j++)
            {
                a[(c * n) + j] /= pivot;
                inverse[(c * n) + j] /= pivot;
            }

            for (var r = 0; r < n; r++)
            {
                if (r == c)
                {
                    continue;
                }

                var factor = a[(r * n) + c];
                for (var j = 0; j < n; j++)
                {
                    a[(r * n) + j] -= factor * a[(c * n) + j];
                    inverse[(r * n) + j] -= factor * inverse[(c * n) + j];
                }
            }
        }

        return inverse;
    }

    private sealed class RandomScores(ulong seed) : IStaticRecommender
    {
        public string Name => "random";

        public void Fit(InteractionMatrix train, ProgressLog log)
        {
        }

        public void Score(int user, ReadOnlySpan<int> history, Span<float> scores)
        {
            var random = new DeterministicRandom(seed + (ulong)user);
            for (var i = 0; i < scores.Length; i++)
            {
                scores[i] = random.NextFloat();
            }
        }
    }
}
