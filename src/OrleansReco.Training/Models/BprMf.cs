using System.Numerics.Tensors;
using OrleansReco.Learning;
using OrleansReco.Training.Data;

namespace OrleansReco.Training.Models;

/// <summary>
/// BPR-MF (Rendle et al. 2009): score(u, i) = b_i + p_u·q_i, trained by SGD on −ln σ(score(u, i) − score(u, j)) for
/// a uniformly drawn interaction (u, i) and a uniformly drawn item j the user has not interacted with. Single-threaded
/// and seeded, so a fit is exactly reproducible.
/// </summary>
public sealed class BprMf(BprOptions options) : IStaticRecommender
{
    private float[] _users = [];
    private float[] _items = [];
    private float[] _bias = [];

    /// <inheritdoc />
    public string Name => "BPR-MF";

    /// <summary>The hyperparameters.</summary>
    public BprOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>Item factors, item count × d, row-major.</summary>
    public float[] ItemFactors => _items;

    /// <summary>User factors, user count × d, row-major.</summary>
    public float[] UserFactors => _users;

    /// <inheritdoc />
    public void Fit(InteractionMatrix train, ProgressLog log)
    {
        ArgumentNullException.ThrowIfNull(train);
        var d = Options.Dimensions;
        var random = new DeterministicRandom(Options.Seed);
        _users = Gaussian(train.UserCount * d, Options.InitScale, ref random);
        _items = Gaussian(train.ItemCount * d, Options.InitScale, ref random);
        _bias = new float[train.ItemCount];
        var (pairUsers, pairItems) = Pairs(train);
        var candidates = new List<int>();
        for (var i = 0; i < train.ItemCount; i++)
        {
            if (train.ItemDegree(i) > 0)
            {
                candidates.Add(i);
            }
        }

        if (pairUsers.Length == 0 || candidates.Count < 2)
        {
            return;
        }

        var negatives = candidates.ToArray();
        var scratch = new float[2 * d];
        for (var epoch = 1; epoch <= Options.Epochs; epoch++)
        {
            var loss = 0.0;
            for (var step = 0; step < pairUsers.Length; step++)
            {
                var p = random.NextInt(pairUsers.Length);
                var u = pairUsers[p];
                var j = SampleNegative(train, u, negatives, ref random);
                if (j >= 0)
                {
                    loss += Step(u, pairItems[p], j, scratch);
                }
            }

            log.Info($"{Name} ({Options}): epoch {epoch}/{Options.Epochs}, mean BPR loss {loss / pairUsers.Length:F4}");
        }
    }

    /// <inheritdoc />
    public void Score(int user, ReadOnlySpan<int> history, Span<float> scores)
    {
        var d = Options.Dimensions;
        ImplicitAls.DotAll(_users.AsSpan(user * d, d), _items, d, scores);
        TensorPrimitives.Add(scores, _bias, scores);
    }

    private float Step(int u, int i, int j, float[] scratch)
    {
        var d = Options.Dimensions;
        var lr = Options.LearningRate;
        var reg = Options.Regularization;
        var pu = _users.AsSpan(u * d, d);
        var qi = _items.AsSpan(i * d, d);
        var qj = _items.AsSpan(j * d, d);
        var difference = scratch.AsSpan(0, d);
        var userBefore = scratch.AsSpan(d, d);
        TensorPrimitives.Subtract(qi, qj, difference);
        pu.CopyTo(userBefore);
        var x = _bias[i] - _bias[j] + TensorPrimitives.Dot(pu, difference);
        var g = VectorMath.Sigmoid(-x);

        // θ += lr (g ∂x/∂θ − λ θ), written as θ·(1 − lr λ) + (lr g) ∂x/∂θ.
        var shrink = 1f - (lr * reg);
        TensorPrimitives.Multiply(pu, shrink, pu);
        TensorPrimitives.MultiplyAdd(difference, lr * g, pu, pu);
        TensorPrimitives.Multiply(qi, shrink, qi);
        TensorPrimitives.MultiplyAdd(userBefore, lr * g, qi, qi);
        TensorPrimitives.Multiply(qj, shrink, qj);
        TensorPrimitives.MultiplyAdd(userBefore, -lr * g, qj, qj);
        _bias[i] += lr * (g - (reg * _bias[i]));
        _bias[j] += lr * (-g - (reg * _bias[j]));
        return x >= 0 ? MathF.Log(1f + MathF.Exp(-x)) : -x + MathF.Log(1f + MathF.Exp(x));
    }

    private static int SampleNegative(InteractionMatrix train, int user, int[] candidates, ref DeterministicRandom random)
    {
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var j = candidates[random.NextInt(candidates.Length)];
            if (!train.Contains(user, j))
            {
                return j;
            }
        }

        return -1;
    }

    private static (int[] Users, int[] Items) Pairs(InteractionMatrix train)
    {
        var users = new int[train.NonZeros];
        var items = new int[train.NonZeros];
        var p = 0;
        for (var u = 0; u < train.UserCount; u++)
        {
            foreach (var i in train.ItemsOf(u))
            {
                users[p] = u;
                items[p++] = i;
            }
        }

        return (users, items);
    }

    private static float[] Gaussian(int length, float scale, ref DeterministicRandom random)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = random.NextGaussian() * scale;
        }

        return values;
    }
}
