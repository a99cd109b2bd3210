using OrleansReco.Grains.Catalog;

namespace OrleansReco.Grains.Ranking;

/// <summary>One ranked candidate: dense item index and score.</summary>
public readonly record struct RankedItem(int Index, float Score);

/// <summary>Turns a scoring vector into the best items of a catalog version.</summary>
public interface IItemRanker
{
    /// <summary>Returns up to <paramref name="k"/> items, best first, skipping those <paramref name="exclude"/> rejects.</summary>
    ValueTask<IReadOnlyList<RankedItem>> RankAsync(ItemCatalog catalog, float[] query, int k, Func<int, bool>? exclude);
}
