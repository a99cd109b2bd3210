using OrleansReco.Learning.Ranking;

namespace OrleansReco.Learning.Tests.Ranking;

public sealed class MaximalMarginalRelevanceTests
{
    [Fact]
    public void Mmr_lowers_the_mean_pairwise_similarity_of_the_top10()
    {
        var items = SyntheticItems.Clustered(400, 32, 8, seed: 3, out _, noise: 1.2f);
        var query = items[0].ToArray();
        var top = new int[100];
        var scores = new float[100];
        TopK.ByDotProduct(items, query, null, top, scores);
        var positions = new int[10];

        MaximalMarginalRelevance.Rerank(items, top, scores, 0.7f, positions, new float[MaximalMarginalRelevance.ScratchFloats(top.Length, items.Dimensions)], new int[MaximalMarginalRelevance.ScratchInts(top.Length)]);

        var diversified = positions.Select(p => top[p]).ToArray();
        var plain = MaximalMarginalRelevance.MeanPairwiseCosine(items, top.AsSpan(0, 10));
        var mmr = MaximalMarginalRelevance.MeanPairwiseCosine(items, diversified);
        Assert.True(mmr < plain - 0.05, $"mean pairwise cosine: plain {plain:F3}, MMR {mmr:F3}");
        Assert.Equal(top[0], diversified[0]);
        Assert.Equal(10, diversified.Distinct().Count());
    }

    [Theory]
    [InlineData(0.3f)]
    [InlineData(0.7f)]
    [InlineData(0.9f)]
    public void Lazy_evaluation_picks_exactly_what_plain_greedy_mmr_picks(float lambda)
    {
        var items = SyntheticItems.Clustered(300, 16, 6, seed: 8, out _, noise: 1f);
        var random = new DeterministicRandom(4);
        var candidates = Enumerable.Range(0, 120).Select(_ => random.NextInt(300)).Distinct().ToArray();
        var relevance = candidates.Select(_ => random.NextFloat()).ToArray();
        var lazy = new int[15];

        MaximalMarginalRelevance.Rerank(items, candidates, relevance, lambda, lazy, new float[MaximalMarginalRelevance.ScratchFloats(candidates.Length, items.Dimensions)], new int[MaximalMarginalRelevance.ScratchInts(candidates.Length)]);

        Assert.Equal(PlainGreedy(items, candidates, relevance, lambda, 15), lazy);
    }

    private static int[] PlainGreedy(ItemVectors items, int[] candidates, float[] relevance, float lambda, int k)
    {
        var (min, max) = (relevance.Min(), relevance.Max());
        var picks = new List<int>();
        while (picks.Count < k)
        {
            var best = -1;
            var bestValue = float.NegativeInfinity;
            for (var c = 0; c < candidates.Length; c++)
            {
                if (picks.Contains(c))
                {
                    continue;
                }

                var similarity = picks.Count == 0 ? 0f : picks.Max(p => MathF.Max(0f, VectorMath.Cosine(items[candidates[c]], items[candidates[p]])));
                var value = (lambda * (relevance[c] - min) / (max - min)) - ((1f - lambda) * similarity);
                if (value > bestValue)
                {
                    (best, bestValue) = (c, value);
                }
            }

            picks.Add(best);
        }

        return [.. picks];
    }

    [Fact]
    public void Lambda_one_keeps_the_relevance_order()
    {
        var items = SyntheticItems.Clustered(50, 16, 4, seed: 1, out _);
        int[] candidates = [5, 9, 2, 7];
        float[] relevance = [0.9f, 0.8f, 0.5f, 0.1f];
        var positions = new int[4];

        MaximalMarginalRelevance.Rerank(items, candidates, relevance, 1f, positions, new float[MaximalMarginalRelevance.ScratchFloats(candidates.Length, items.Dimensions)], new int[MaximalMarginalRelevance.ScratchInts(candidates.Length)]);

        Assert.Equal([0, 1, 2, 3], positions);
    }
}

public sealed class ExplorationTests
{
    private static readonly int[] Pool = Enumerable.Range(1000, 50).ToArray();

    [Fact]
    public void Epsilon_zero_never_changes_the_list()
    {
        int[] ranked = [1, 2, 3, 4, 5];
        var explored = new bool[5];
        var random = new DeterministicRandom(1);

        var replaced = Exploration.Apply(ranked, explored, Pool, _ => true, 0f, ExplorationPolicy.EpsilonGreedy, null, ref random);

        Assert.Equal(0, replaced);
        Assert.Equal([1, 2, 3, 4, 5], ranked);
        Assert.DoesNotContain(true, explored);
    }

    [Theory]
    [InlineData(0.05f)]
    [InlineData(0.3f)]
    public void The_exploration_share_over_many_calls_is_close_to_epsilon(float epsilon)
    {
        var random = new DeterministicRandom(7);
        var explored = new bool[10];
        var total = 0;
        const int calls = 4000;
        for (var call = 0; call < calls; call++)
        {
            var ranked = Enumerable.Range(0, 10).ToArray();
            total += Exploration.Apply(ranked, explored, Pool, _ => true, epsilon, ExplorationPolicy.EpsilonGreedy, null, ref random);
        }

        var share = total / (double)(calls * 10);
        // 40,000 Bernoulli(ε) slots: 4 standard deviations is well under 0.01.
        Assert.InRange(share, epsilon - 0.01, epsilon + 0.01);
    }

    [Fact]
    public void Explored_items_are_eligible_and_not_already_listed()
    {
        var random = new DeterministicRandom(3);
        var ranked = new[] { 1000, 1001, 3, 4, 5, 6 };
        var explored = new bool[6];

        Exploration.Apply(ranked, explored, Pool, i => i % 2 == 0, 1f, ExplorationPolicy.EpsilonGreedy, null, ref random);

        Assert.All(ranked.Where((_, slot) => explored[slot]), i => Assert.True(i % 2 == 0 && Pool.Contains(i)));
        Assert.Equal(ranked.Length, ranked.Distinct().Count());
    }

    [Fact]
    public void Thompson_prefers_the_pool_item_that_converts_best()
    {
        var counts = new FixedCounts();
        var random = new DeterministicRandom(11);
        var picks = 0;
        for (var call = 0; call < 200; call++)
        {
            var ranked = new[] { 1, 2 };
            Exploration.Apply(ranked, new bool[2], Pool, _ => true, 1f, ExplorationPolicy.Thompson, counts, ref random);
            picks += ranked.Count(i => i == 1007);
        }

        Assert.True(picks > 150, $"the best converting item was picked {picks} times of 200");
    }

    private sealed class FixedCounts : IExposureCounts
    {
        public (long Impressions, long Clicks) CountsOf(int item) => item == 1007 ? (100, 60) : (100, 5);
    }
}
