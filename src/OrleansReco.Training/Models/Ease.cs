using System.Numerics.Tensors;
using OrleansReco.Training.Data;
using OrleansReco.Training.Numerics;

namespace OrleansReco.Training.Models;

/// <summary>
/// EASE (Steck 2019): the item-item weights B minimise ‖X − XB‖² + λ‖B‖² subject to diag(B) = 0, in closed form
/// B = I − P diag(1/diag P) with P = (XᵀX + λI)⁻¹, i.e. B[i,j] = −P[i,j] / P[j,j] off the diagonal and 0 on it.
/// A user's scores are the sum of the rows of B of the history items. Fitting costs O(n³) in the item count n.
/// </summary>
public sealed class Ease(double lambda) : IStaticRecommender
{
    private float[] _weights = [];
    private int _items;

    /// <inheritdoc />
    public string Name => "EASE";

    /// <summary>The L2 regularisation λ.</summary>
    public double Lambda { get; } = lambda > 0 ? lambda : throw new ArgumentOutOfRangeException(nameof(lambda));

    /// <summary>B, item count × item count, row-major.</summary>
    public ReadOnlySpan<float> Weights => _weights;

    /// <summary>Row <paramref name="item"/> of B: what one interaction with that item adds to every item's score.</summary>
    public ReadOnlySpan<float> Row(int item) => _weights.AsSpan(item * _items, _items);

    /// <inheritdoc />
    public void Fit(InteractionMatrix train, ProgressLog log)
    {
        ArgumentNullException.ThrowIfNull(train);
        var n = train.ItemCount;
        var p = Gram(train);
        for (var i = 0; i < n; i++)
        {
            p[(i * n) + i] += Lambda;
        }

        if (!Cholesky.InvertParallel(p, n))
        {
            throw new InvalidOperationException("XᵀX + λI is not positive definite; λ must be > 0.");
        }

        var weights = new float[(long)n * n];
        Parallel.For(0, n, i =>
        {
            for (var j = 0; j < n; j++)
            {
                weights[((long)i * n) + j] = i == j ? 0f : (float)(-p[(i * n) + j] / p[(j * n) + j]);
            }
        });
        _weights = weights;
        _items = n;
        log.Info($"{Name}: λ = {Lambda}, {n} items");
    }

    /// <inheritdoc />
    public void Score(int user, ReadOnlySpan<int> history, Span<float> scores)
    {
        scores.Clear();
        foreach (var item in history)
        {
            TensorPrimitives.Add(scores, Row(item), scores);
        }
    }

    /// <summary>XᵀX (co-occurrence counts) as a dense row-major double matrix, one row per item, built in parallel.</summary>
    public static double[] Gram(InteractionMatrix train)
    {
        ArgumentNullException.ThrowIfNull(train);
        var n = train.ItemCount;
        if ((long)n * n > Array.MaxLength)
        {
            throw new InvalidOperationException($"EASE needs an {n} × {n} dense matrix, which is too large.");
        }

        var gram = new double[n * n];
        Parallel.For(0, n, i =>
        {
            var row = gram.AsSpan(i * n, n);
            foreach (var user in train.UsersOf(i))
            {
                foreach (var j in train.ItemsOf(user))
                {
                    row[j] += 1.0;
                }
            }
        });
        return gram;
    }
}
