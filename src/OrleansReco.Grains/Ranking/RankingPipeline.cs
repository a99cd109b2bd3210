using OrleansReco.Abstractions;
using OrleansReco.Ann;
using OrleansReco.Learning;
using OrleansReco.Learning.Ranking;

namespace OrleansReco.Grains.Ranking;

/// <summary>What one ranking request asks, over dense item indices of one catalog version.</summary>
public ref struct RankingInputs
{
    /// <summary>How many items to return.</summary>
    public int K;

    /// <summary>Items never to return (seen, hidden, excluded by the request).</summary>
    public ReadOnlySpan<int> Excluded;

    /// <summary>Categories an item must have one of (empty: any).</summary>
    public IReadOnlyList<string>? IncludeCategories;

    /// <summary>Categories an item must have none of.</summary>
    public IReadOnlyList<string>? ExcludeCategories;

    /// <summary>Request context for boosts.</summary>
    public RecommendationContext? Context;

    /// <summary>Apply MMR.</summary>
    public bool Diversify;

    /// <summary>Allow exploratory items.</summary>
    public bool Explore;

    /// <summary>MMR λ of this request, or null for the configured one.</summary>
    public float? Lambda;

    /// <summary>Exploration ε of this request, or null for the configured one.</summary>
    public float? Epsilon;

    /// <summary>ANN candidates of this request, or null for the configured number.</summary>
    public int? Candidates;

    /// <summary>The user has no history: results are popularity-driven.</summary>
    public bool ColdUser;

    /// <summary>The cold user's vector comes from their demographics (the user tower).</summary>
    public bool FromDemographics;

    /// <summary>The cold user's vector is the most likely segment's centroid.</summary>
    public bool FromSegmentCentroid;

    /// <summary>The user's segment's most popular items (dense indices), best first: a candidate source and the exploration pool.</summary>
    public ReadOnlySpan<int> SegmentItems;

    /// <summary>Their popularity relative to the segment's top item, in (0, 1]; one per segment item.</summary>
    public ReadOnlySpan<float> SegmentWeights;
}

/// <summary>
/// ANN top-N (filters applied inside the search) merged with the user's segment's popular items → context and segment boosts
/// → MMR re-rank → exploration (pool: segment items first, then under-exposed items) → top-k with a score and a reason.
/// Allocates only the result.
/// </summary>
public sealed class RankingPipeline(RankingOptions options)
{
    /// <summary>Reason of an item chosen for its relevance to a user with history.</summary>
    public const string SimilarReason = "similar to your interests";

    /// <summary>Reason of an item chosen for a user without history.</summary>
    public const string PopularReason = "popular with everyone";

    /// <summary>Reason of an item chosen for a user without history from their demographics.</summary>
    public const string DemographicReason = "popular with people like you";

    /// <summary>Reason of an item boosted by a context rule.</summary>
    public const string ContextReason = "popular in your context";

    /// <summary>Reason of an item from the user's segment's popular items (or, for a new user, the most likely segment's centroid).</summary>
    public const string SegmentReason = "popular in your segment";

    /// <summary>Reason of an exploratory item.</summary>
    public const string ExploringReason = "new: exploring";

    [ThreadStatic]
    private static RankingScratch? t_scratch;

    /// <summary>The options in force.</summary>
    public RankingOptions Options => options;

    /// <summary>Ranks <paramref name="catalog"/> for <paramref name="query"/>.</summary>
    public Recommendation[] Rank(IndexedCatalog catalog, ReadOnlySpan<float> query, RankingInputs inputs, ref DeterministicRandom random)
    {
        if (inputs.IncludeCategories is { Count: > 0 } && catalog.MaskOf(inputs.IncludeCategories) == 0)
        {
            return []; // only categories this catalog does not have
        }

        var scratch = t_scratch ??= new RankingScratch();
        var n = Math.Max(inputs.Candidates ?? options.Candidates, inputs.K);
        var segment = Math.Min(Math.Min(inputs.SegmentItems.Length, inputs.SegmentWeights.Length), options.SegmentCandidates);
        var segmentItems = inputs.SegmentItems[..segment];
        scratch.Begin(catalog, n + segment, inputs.K, catalog.MaskOf(inputs.IncludeCategories), catalog.MaskOf(inputs.ExcludeCategories), options.UnderExposedImpressions);
        foreach (var item in inputs.Excluded)
        {
            scratch.Exclude(item);
        }

        scratch.MarkSegment(segmentItems);
        var found = catalog.Index.Search(query, scratch.Candidates.AsSpan(0, n), Math.Max(options.EfSearch, n), scratch.Filter);
        found = ApplyBoosts(catalog, scratch, query, found, inputs.Context, segmentItems, inputs.SegmentWeights[..segment]);
        var k = Math.Min(inputs.K, found);
        Order(catalog, scratch, found, k, inputs.Diversify, inputs.Lambda ?? options.DiversityLambda);
        var explored = scratch.Explored.AsSpan(0, k);
        explored.Clear();
        var epsilon = inputs.Epsilon ?? options.Epsilon;
        if (inputs.Explore && epsilon > 0)
        {
            var pool = FillPool(catalog, scratch, segmentItems, ref random);
            Exploration.Apply(scratch.Ranked.AsSpan(0, k), explored, scratch.Pool.AsSpan(0, pool), scratch.ExplorationEligible,
                epsilon, options.ExplorationPolicy, catalog.Exposure, ref random);
        }

        var reason = !inputs.ColdUser ? SimilarReason : inputs.FromDemographics ? DemographicReason : inputs.FromSegmentCentroid ? SegmentReason : PopularReason;
        return Results(catalog, scratch, query, found, k, reason);
    }

    /// <summary>
    /// Context and segment boosts of the ANN candidates, then the segment's items the search did not find appended as
    /// candidates of their own (scored by the query, boosted the same way). Returns the candidate count.
    /// </summary>
    private int ApplyBoosts(IndexedCatalog catalog, RankingScratch scratch, ReadOnlySpan<float> query, int found, RecommendationContext? context,
        ReadOnlySpan<int> segmentItems, ReadOnlySpan<float> segmentWeights)
    {
        var anyBoost = PrepareCategoryBoosts(catalog, scratch.CategoryBoost, context);
        var segmentBonus = segmentItems.IsEmpty ? 0f : options.SegmentWeight * TopScoreMagnitude(scratch.Candidates.AsSpan(0, found));
        for (var c = 0; c < found; c++)
        {
            var (id, score) = scratch.Candidates[c];
            var boost = anyBoost ? BoostOf(catalog.CategoryMasks[id], scratch.CategoryBoost) : 0f;
            var slot = segmentItems.IsEmpty ? -1 : scratch.SegmentSlot(id);
            if (slot >= 0)
            {
                scratch.SegmentSeen[slot] = true;
            }

            var bonus = slot >= 0 ? segmentBonus * segmentWeights[slot] : 0f;
            (scratch.CandidateIds[c], scratch.Relevance[c], scratch.Boosted[c], scratch.FromSegment[c]) = (id, score + boost + bonus, boost > 0, false);
        }

        for (var j = 0; j < segmentItems.Length; j++)
        {
            var id = segmentItems[j];
            if (scratch.SegmentSeen[j] || !scratch.Filter(id))
            {
                continue;
            }

            var boost = anyBoost ? BoostOf(catalog.CategoryMasks[id], scratch.CategoryBoost) : 0f;
            var score = SmallKernels.Dot(query, catalog.Catalog.Vectors[id]) + boost + (segmentBonus * segmentWeights[j]);
            (scratch.CandidateIds[found], scratch.Relevance[found], scratch.Boosted[found], scratch.FromSegment[found]) = (id, score, boost > 0, true);
            found++;
        }

        return found;
    }

    private static float TopScoreMagnitude(ReadOnlySpan<ScoredItem> candidates)
    {
        var top = 0f;
        foreach (var candidate in candidates)
        {
            top = MathF.Max(top, MathF.Abs(candidate.Score));
        }

        return top;
    }

    private bool PrepareCategoryBoosts(IndexedCatalog catalog, float[] boosts, RecommendationContext? context)
    {
        Array.Clear(boosts);
        var any = false;
        if (context is null)
        {
            return false;
        }

        foreach (var rule in options.ContextRules)
        {
            var bit = Array.IndexOf(catalog.CategoryNames, rule.Category);
            if (bit >= 0 && Matches(rule, context))
            {
                boosts[bit] += rule.Boost;
                any = true;
            }
        }

        return any;
    }

    private static bool Matches(ContextBoostRule rule, RecommendationContext context) =>
        (string.IsNullOrEmpty(rule.Device) || string.Equals(rule.Device, context.Device, StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrEmpty(rule.Locale) || (context.Locale?.StartsWith(rule.Locale, StringComparison.OrdinalIgnoreCase) ?? false))
        && (rule.FromHour is not { } from || rule.ToHour is not { } to || (context.LocalHour is { } hour
            && (from <= to ? hour >= from && hour < to : hour >= from || hour < to)));

    private static float BoostOf(ulong mask, float[] boosts)
    {
        var boost = 0f;
        while (mask != 0)
        {
            boost += boosts[System.Numerics.BitOperations.TrailingZeroCount(mask)];
            mask &= mask - 1;
        }

        return boost;
    }

    private static void Order(IndexedCatalog catalog, RankingScratch scratch, int found, int k, bool diversify, float lambda)
    {
        var positions = scratch.Positions.AsSpan(0, k);
        if (diversify && lambda < 1f)
        {
            MaximalMarginalRelevance.Rerank(catalog.Catalog.Vectors, scratch.CandidateIds.AsSpan(0, found), scratch.Relevance.AsSpan(0, found),
                lambda, positions, scratch.MmrScratch, scratch.MmrIntScratch);
        }
        else
        {
            TopPositions(scratch.Relevance.AsSpan(0, found), positions);
        }

        for (var i = 0; i < k; i++)
        {
            scratch.Ranked[i] = scratch.CandidateIds[positions[i]];
        }
    }

    /// <summary>Positions of the k highest relevances, best first (insertion into a sorted prefix: k is small and the ANN order is nearly sorted).</summary>
    private static void TopPositions(ReadOnlySpan<float> relevance, Span<int> positions)
    {
        var kept = 0;
        for (var c = 0; c < relevance.Length; c++)
        {
            if (kept == positions.Length && relevance[c] <= relevance[positions[kept - 1]])
            {
                continue;
            }

            var j = kept < positions.Length ? kept++ : kept - 1;
            while (j > 0 && relevance[positions[j - 1]] < relevance[c])
            {
                positions[j] = positions[j - 1];
                j--;
            }

            positions[j] = c;
        }
    }

    /// <summary>The exploration pool: the segment's eligible popular items (up to half the pool), then random under-exposed items.</summary>
    private static int FillPool(IndexedCatalog catalog, RankingScratch scratch, ReadOnlySpan<int> segmentItems, ref DeterministicRandom random)
    {
        var count = 0;
        for (var j = 0; j < segmentItems.Length && count < scratch.Pool.Length / 2; j++)
        {
            if (scratch.ExplorationEligible(segmentItems[j]))
            {
                scratch.Pool[count++] = segmentItems[j];
            }
        }

        var items = catalog.Catalog.Count;
        for (var probe = 0; probe < 4 * scratch.Pool.Length && count < scratch.Pool.Length; probe++)
        {
            var item = random.NextInt(items);
            if (scratch.ExplorationEligible(item))
            {
                scratch.Pool[count++] = item;
            }
        }

        return count;
    }

    private static Recommendation[] Results(IndexedCatalog catalog, RankingScratch scratch, ReadOnlySpan<float> query, int found, int k, string relevanceReason)
    {
        var snapshot = catalog.Catalog.Snapshot;
        var results = new Recommendation[k];
        for (var i = 0; i < k; i++)
        {
            var item = scratch.Ranked[i];
            var position = Array.IndexOf(scratch.CandidateIds, item, 0, found);
            var reason = scratch.Explored[i] ? (scratch.SegmentSlot(item) >= 0 ? SegmentReason : ExploringReason)
                : position >= 0 && scratch.Boosted[position] ? ContextReason
                : position >= 0 && scratch.FromSegment[position] ? SegmentReason
                : relevanceReason;
            var score = position >= 0 ? scratch.Relevance[position] : SmallKernels.Dot(query, catalog.Catalog.Vectors[item]);
            results[i] = new Recommendation(snapshot.ItemIds[item], snapshot.Titles[item], snapshot.Categories[item], score, reason);
            catalog.RecordImpression(item);
        }

        return results;
    }
}
