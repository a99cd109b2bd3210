using OrleansReco.Grains.Catalog;
using OrleansReco.Grains.Ranking;
using OrleansReco.Learning;

namespace OrleansReco.Grains.Tests;

/// <summary>The per-request candidate count an experiment variant sets.</summary>
public sealed class RankingCandidatesTests
{
    private static readonly IndexedCatalog Catalog = new(
        new ItemCatalog(DemoCatalog.Generate(new CatalogOptions { DemoItems = 2000, DemoGenres = 10, Dimensions = 32 })),
        new RankingOptions());

    private static HashSet<string> Rank(int? candidates, bool diversify, float lambda)
    {
        var random = new DeterministicRandom(1);
        var inputs = new RankingInputs { K = 10, Diversify = diversify, Lambda = lambda, Candidates = candidates };
        var items = new RankingPipeline(new RankingOptions { Epsilon = 0 }).Rank(Catalog, Catalog.Catalog.Vectors[3].ToArray(), inputs, ref random);
        return [.. items.Select(i => i.ItemId)];
    }

    [Fact]
    public void With_as_many_candidates_as_items_asked_MMR_can_only_reorder_the_relevance_top_k()
    {
        var relevance = Rank(candidates: null, diversify: false, lambda: 1);
        var narrow = Rank(candidates: 10, diversify: true, lambda: 0);
        var wide = Rank(candidates: null, diversify: true, lambda: 0);

        Assert.Equal(relevance, narrow);
        Assert.NotEqual(relevance, wide); // the configured 200 candidates let MMR reach beyond the top 10
    }
}
