using OrleansReco.Grains.Catalog;
using OrleansReco.Learning;

namespace OrleansReco.Grains.Ranking;

/// <summary>Brute-force ranking over every item: exact, O(n·d) per request.</summary>
public sealed class ExactItemRanker : IItemRanker
{
    /// <inheritdoc />
    public ValueTask<IReadOnlyList<RankedItem>> RankAsync(ItemCatalog catalog, float[] query, int k, Func<int, bool>? exclude)
    {
        var indices = new int[k];
        var scores = new float[k];
        var n = TopK.ByDotProduct(catalog.Vectors, query, exclude, indices, scores);
        var result = new RankedItem[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = new RankedItem(indices[i], scores[i]);
        }

        return ValueTask.FromResult<IReadOnlyList<RankedItem>>(result);
    }
}
