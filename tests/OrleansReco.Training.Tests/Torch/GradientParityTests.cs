using OrleansReco.Learning;
using TorchSharp;
using static TorchSharp.torch;

namespace OrleansReco.Training.Tests.Torch;

/// <summary>
/// The hand-written gradient of <see cref="OnlineUserLearner.ObjectiveAndGradient"/> against TorchSharp autograd of the
/// same objective written with torch ops in float64: q = u + β s; per term t with weight w_t and the shared negatives
/// j = 1..n: w &lt; 0 → |w| softplus(q·v_t); BPR → (w/n) Σ_j softplus(s_j − s_t); sampled softmax →
/// w (logsumexp(z) − z_t) with z = s/τ over {t} ∪ negatives; plus λ/2 ‖u − b‖².
/// </summary>
public sealed class GradientParityTests
{
    private const int Draws = 4;

    public static TheoryData<RankingLoss, float, float> Cases()
    {
        var data = new TheoryData<RankingLoss, float, float>();
        foreach (var loss in new[] { RankingLoss.Bpr, RankingLoss.SampledSoftmax })
        {
            data.Add(loss, 0f, 0f);
            data.Add(loss, 0.8f, 0f);
            data.Add(loss, 0f, 0.5f);
            data.Add(loss, 0.8f, 0.5f);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Hand_written_gradient_matches_torch_autograd(RankingLoss loss, float beta, float pull)
    {
        for (var draw = 0; draw < Draws; draw++)
        {
            var problem = Problem.Random(loss, beta, pull, seed: (ulong)(100 + (17 * draw) + ((int)loss * 7) + (int)(10 * beta) + (int)(10 * pull)));
            var gradient = new float[problem.Dimensions];
            var scratch = new float[problem.Dimensions];

            var objective = OnlineUserLearner.ObjectiveAndGradient(problem.User, problem.ShortTerm, problem.Baseline, problem.Items,
                problem.Positives, problem.Weights, problem.Negatives, problem.Options, gradient, scratch);
            var (torchObjective, torchGradient) = TorchObjective(problem);

            Assert.True(RelativeError(gradient, torchGradient) < 1e-4, $"draw {draw}: gradient relative error {RelativeError(gradient, torchGradient):E3}");
            Assert.True(Math.Abs(objective - torchObjective) / Math.Max(1e-12, Math.Abs(torchObjective)) < 1e-4,
                $"draw {draw}: objective {objective} vs torch {torchObjective}");
        }
    }

    [Fact]
    public void Torch_reference_is_not_trivially_zero()
    {
        var problem = Problem.Random(RankingLoss.Bpr, 0.8f, 0.5f, seed: 5);

        var (_, gradient) = TorchObjective(problem);

        Assert.True(Math.Sqrt(gradient.Sum(g => g * g)) > 1e-3);
    }

    /// <summary>J(u) and ∂J/∂u by autograd, in float64.</summary>
    private static (double Objective, double[] Gradient) TorchObjective(Problem p)
    {
        using var scope = torch.NewDisposeScope();
        var d = p.Dimensions;
        var items = torch.tensor(p.Items.All.ToArray().Select(x => (double)x).ToArray(), [p.Items.Count, d], ScalarType.Float64);
        var u = torch.tensor(p.User.Select(x => (double)x).ToArray(), [d], ScalarType.Float64, requires_grad: true);
        var s = torch.tensor(p.ShortTerm.Select(x => (double)x).ToArray(), [d], ScalarType.Float64);
        var b = torch.tensor(p.Baseline.Select(x => (double)x).ToArray(), [d], ScalarType.Float64);
        var q = u + (s * (double)p.Options.ShortTermBeta);
        var negatives = torch.tensor(p.Negatives.Select(n => (long)n).ToArray(), ScalarType.Int64);
        var negativeScores = items.index_select(0, negatives).matmul(q);
        var tau = (double)p.Options.SoftmaxTemperature;
        var objective = torch.zeros(1, ScalarType.Float64);
        for (var t = 0; t < p.Positives.Length; t++)
        {
            var w = (double)p.Weights[t];
            var score = items[p.Positives[t]].dot(q);
            if (w < 0)
            {
                objective += -w * nn.functional.softplus(score);
            }
            else if (p.Options.Loss == RankingLoss.Bpr)
            {
                objective += w / p.Negatives.Length * nn.functional.softplus(negativeScores - score).sum();
            }
            else
            {
                var logits = torch.cat([score.unsqueeze(0), negativeScores], 0) / tau;
                objective += w * (torch.logsumexp(logits, 0) - (score / tau));
            }
        }

        objective += 0.5 * p.Options.BaselinePull * (u - b).pow(2).sum();
        objective.backward();
        return (objective.item<double>(), u.grad!.data<double>().ToArray());
    }

    private static double RelativeError(float[] actual, double[] expected)
    {
        double difference = 0, norm = 0;
        for (var k = 0; k < actual.Length; k++)
        {
            difference += (actual[k] - expected[k]) * (actual[k] - expected[k]);
            norm += expected[k] * expected[k];
        }

        return Math.Sqrt(difference) / Math.Max(1e-12, Math.Sqrt(norm));
    }

    private sealed record Problem(int Dimensions, ItemVectors Items, float[] User, float[] ShortTerm, float[] Baseline, int[] Positives,
        float[] Weights, int[] Negatives, OnlineLearnerOptions Options)
    {
        /// <summary>
        /// Random item vectors, u, s and b; a fresh positive, a replayed positive of lower weight, a negative-feedback term
        /// (and sometimes a second positive), and 1–8 shared negatives that may repeat or hit a positive.
        /// </summary>
        public static Problem Random(RankingLoss loss, float beta, float pull, ulong seed)
        {
            var random = new DeterministicRandom(seed);
            int[] sizes = [8, 16, 32, 64];
            var d = sizes[random.NextInt(sizes.Length)];
            const int count = 40;
            var data = Vector(count * d, ref random, 0.4f);
            var positives = new List<int> { random.NextInt(count), random.NextInt(count), random.NextInt(count) };
            var weights = new List<float> { 0.5f + random.NextFloat(), 0.2f + (0.5f * random.NextFloat()), -(0.2f + random.NextFloat()) };
            if (random.NextInt(2) == 0)
            {
                positives.Add(random.NextInt(count));
                weights.Add(2f * random.NextFloat() + 0.1f);
            }

            var negatives = new int[1 + random.NextInt(8)];
            for (var n = 0; n < negatives.Length; n++)
            {
                negatives[n] = random.NextInt(count);
            }

            var options = new OnlineLearnerOptions
            {
                Loss = loss,
                ShortTermBeta = beta,
                BaselinePull = pull,
                SoftmaxTemperature = 0.3f + random.NextFloat(),
            };
            return new Problem(d, new ItemVectors(data, d), Vector(d, ref random, 0.7f), Vector(d, ref random, 0.7f), Vector(d, ref random, 0.7f),
                [.. positives], [.. weights], negatives, options);
        }

        private static float[] Vector(int length, ref DeterministicRandom random, float scale)
        {
            var v = new float[length];
            for (var k = 0; k < length; k++)
            {
                v[k] = scale * random.NextGaussian();
            }

            return v;
        }
    }
}
