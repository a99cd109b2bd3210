using OrleansReco.Abstractions;
using OrleansReco.Grains.Catalog;
using OrleansReco.Grains.Ranking;
using OrleansReco.Learning;

namespace OrleansReco.Grains.Tests;

public sealed class RankingPipelineTests
{
    private static readonly IndexedCatalog Catalog = new(
        new ItemCatalog(DemoCatalog.Generate(new CatalogOptions { DemoItems = 2000, DemoGenres = 10, Dimensions = 32 })),
        new RankingOptions());

    private static Recommendation[] Rank(RankingOptions options, RankingInputs inputs, ulong seed = 1, float[]? query = null)
    {
        var random = new DeterministicRandom(seed);
        return new RankingPipeline(options).Rank(Catalog, query ?? Catalog.Catalog.Vectors[3].ToArray(), inputs, ref random);
    }

    [Fact]
    public void With_90_percent_of_the_catalog_excluded_k_valid_items_still_come_back()
    {
        var excluded = Enumerable.Range(0, 2000).Where(i => i % 10 != 0).ToArray();

        var result = Rank(new RankingOptions { Epsilon = 0 }, new RankingInputs { K = 20, Excluded = excluded, Diversify = true });

        Assert.Equal(20, result.Length);
        Assert.All(result, r => Assert.Equal(0, (int.Parse(r.ItemId["item-".Length..], System.Globalization.CultureInfo.InvariantCulture) - 1) % 10));
    }

    [Fact]
    public void Category_rules_keep_only_allowed_and_drop_denied_categories()
    {
        var included = Rank(new RankingOptions { Epsilon = 0.5f }, new RankingInputs { K = 15, IncludeCategories = ["Comedy", "Drama"], Explore = true });
        var denied = Rank(new RankingOptions { Epsilon = 0.5f }, new RankingInputs { K = 15, ExcludeCategories = ["Sci-Fi"], Explore = true });
        var unknown = Rank(new RankingOptions(), new RankingInputs { K = 5, IncludeCategories = ["Opera"] });

        Assert.All(included, r => Assert.Contains(r.Category, new[] { "Comedy", "Drama" }));
        Assert.DoesNotContain(denied, r => r.Category == "Sci-Fi");
        Assert.Empty(unknown);
    }

    [Fact]
    public void Epsilon_zero_is_deterministic()
    {
        var options = new RankingOptions { Epsilon = 0 };
        var inputs = new RankingInputs { K = 10, Diversify = true, Explore = true };

        var first = Rank(options, inputs, seed: 1).Select(r => r.ItemId);
        var second = Rank(options, inputs, seed: 99).Select(r => r.ItemId);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Exploration_marks_its_items_and_their_share_follows_epsilon()
    {
        var options = new RankingOptions { Epsilon = 0.2f, UnderExposedImpressions = int.MaxValue };
        var explored = 0;
        const int calls = 300;
        for (var call = 0; call < calls; call++)
        {
            explored += Rank(options, new RankingInputs { K = 10, Explore = true }, seed: (ulong)call).Count(r => r.Reason == RankingPipeline.ExploringReason);
        }

        Assert.InRange(explored / (double)(calls * 10), 0.16, 0.24);
    }

    [Fact]
    public void A_context_rule_boosts_its_category_and_says_so()
    {
        var options = new RankingOptions
        {
            Epsilon = 0,
            ContextRules = [new ContextBoostRule { Device = "tv", FromHour = 18, ToHour = 2, Category = "Documentary", Boost = 10f }],
        };

        // Boosts re-order the ANN candidates; a popularity query draws candidates from every genre.
        var query = Catalog.Catalog.PopularityDirection;
        var evening = Rank(options, new RankingInputs { K = 5, Context = new RecommendationContext("tv", null, 21), ColdUser = true }, query: query);
        var morning = Rank(options, new RankingInputs { K = 5, Context = new RecommendationContext("tv", null, 9), ColdUser = true }, query: query);

        Assert.All(evening, r => Assert.Equal(("Documentary", RankingPipeline.ContextReason), (r.Category, r.Reason)));
        Assert.DoesNotContain(morning, r => r.Reason == RankingPipeline.ContextReason);
    }

    [Fact]
    public void A_segment_item_outside_the_ann_candidates_joins_them_and_says_it_is_popular_in_the_segment()
    {
        int[] segment = [7, 17, 27]; // genre 7, far from the genre-3 query
        float[] weights = [1f, 0.5f, 0.25f];
        var options = new RankingOptions { Candidates = 10, Epsilon = 0, SegmentWeight = 2f };

        var merged = Rank(options, new RankingInputs { K = 5, SegmentItems = segment, SegmentWeights = weights });
        var off = Rank(options with { SegmentCandidates = 0 }, new RankingInputs { K = 5, SegmentItems = segment, SegmentWeights = weights });

        Assert.Equal(("item-8", RankingPipeline.SegmentReason), (merged[0].ItemId, merged[0].Reason));
        Assert.Contains(merged, r => r.Reason == RankingPipeline.SimilarReason);
        Assert.DoesNotContain(off, r => r.Reason == RankingPipeline.SegmentReason || r.ItemId == "item-8");
    }

    [Fact]
    public void Exploration_draws_from_the_segments_items_and_skips_excluded_ones()
    {
        int[] segment = [7, 17, 27, 37, 47, 57];
        float[] weights = [1f, 0.9f, 0.8f, 0.7f, 0.6f, 0.5f];
        // No item is under-exposed (impressions < 0), so the pool is the segment's items alone.
        var options = new RankingOptions { Epsilon = 1f, UnderExposedImpressions = 0, SegmentWeight = 0f };

        var result = Rank(options, new RankingInputs { K = 4, Explore = true, Excluded = new[] { 17 }, SegmentItems = segment, SegmentWeights = weights });

        Assert.Equal(4, result.Length);
        Assert.All(result, r => Assert.Equal(RankingPipeline.SegmentReason, r.Reason));
        Assert.All(result, r => Assert.Contains(r.ItemId, new[] { "item-8", "item-28", "item-38", "item-48", "item-58" }));
    }
}
