using OrleansReco.Training.Data;
using OrleansReco.Training.Numerics;

namespace OrleansReco.Training.Models;

/// <summary>
/// Item-based k-nearest-neighbour top-N (Deshpande &amp; Karypis 2004): cosine similarity of binary item columns,
/// sim(i, j) = |U_i ∩ U_j| / sqrt(|U_i| |U_j|), each item keeps its <see cref="Neighbours"/> most similar items, and
/// a user's score of item j is the sum of sim(i, j) over the history items i that keep j as a neighbour.
/// </summary>
public sealed class ItemKnn(int neighbours = 100) : IStaticRecommender
{
    private int[] _neighbourIndex = [];
    private float[] _neighbourSimilarity = [];
    private int[] _neighbourCount = [];

    /// <inheritdoc />
    public string Name => "ItemKNN";

    /// <summary>Neighbours kept per item.</summary>
    public int Neighbours { get; } = neighbours > 0 ? neighbours : throw new ArgumentOutOfRangeException(nameof(neighbours));

    /// <inheritdoc />
    public void Fit(InteractionMatrix train, ProgressLog log)
    {
        ArgumentNullException.ThrowIfNull(train);
        var n = train.ItemCount;
        var k = Neighbours;
        _neighbourIndex = new int[n * k];
        _neighbourSimilarity = new float[n * k];
        _neighbourCount = new int[n];
        var index = _neighbourIndex;
        var similarity = _neighbourSimilarity;
        var count = _neighbourCount;
        Parallel.For(0, n, () => new float[n], (item, _, row) =>
        {
            CosineRow(train, item, row);
            var kept = ScoreSelection.Top(row, index.AsSpan(item * k, k));
            for (var s = 0; s < kept; s++)
            {
                similarity[(item * k) + s] = row[index[(item * k) + s]];
            }

            count[item] = kept;
            return row;
        }, _ => { });
        log.Info($"{Name}: {n} items, {k} neighbours each");
    }

    /// <inheritdoc />
    public void Score(int user, ReadOnlySpan<int> history, Span<float> scores)
    {
        scores.Clear();
        var k = Neighbours;
        foreach (var item in history)
        {
            var neighbours = _neighbourIndex.AsSpan(item * k, _neighbourCount[item]);
            var similarities = _neighbourSimilarity.AsSpan(item * k, _neighbourCount[item]);
            for (var s = 0; s < neighbours.Length; s++)
            {
                scores[neighbours[s]] += similarities[s];
            }
        }
    }

    /// <summary>Cosine similarities of <paramref name="item"/> to every item; −∞ where there is no co-occurrence (and for itself).</summary>
    private static void CosineRow(InteractionMatrix train, int item, float[] row)
    {
        Array.Clear(row);
        foreach (var user in train.UsersOf(item))
        {
            foreach (var other in train.ItemsOf(user))
            {
                row[other] += 1f;
            }
        }

        var degree = train.ItemDegree(item);
        for (var j = 0; j < row.Length; j++)
        {
            row[j] = row[j] > 0f && j != item ? row[j] / MathF.Sqrt((float)degree * train.ItemDegree(j)) : float.NegativeInfinity;
        }
    }
}
