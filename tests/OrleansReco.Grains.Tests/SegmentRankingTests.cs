using OrleansReco.Abstractions;
using OrleansReco.Grains.Ranking;
using OrleansReco.Learning;

namespace OrleansReco.Grains.Tests;

/// <summary>
/// 20 fans like genre-1 items and all of them one item of genre 7 (<see cref="Shared"/>), the top of their segment's
/// popularity sketch; it is far from a genre-1 taste, so the ANN list of 10 never holds it.
/// </summary>
[Collection(SegmentRankingCollection.Name)]
public sealed class SegmentRankingTests(SegmentClusterFixture fixture)
{
    private const string Shared = "item-8";
    private static readonly SemaphoreSlim FansGate = new(1, 1);
    private static int? s_fansSegment;

    private async Task<int> FansSegmentAsync()
    {
        await FansGate.WaitAsync();
        try
        {
            if (s_fansSegment is { } known)
            {
                return known;
            }

            await fixture.Assigner.RefreshAsync();
            var genre1 = SegmentClusterFixture.ItemsOf(1);
            for (var u = 0; u < 20; u++)
            {
                var likes = Enumerable.Range(0, 5).Select(j => new Interaction(genre1[(u + (j * 6)) % 30], InteractionType.Like)).Append(new Interaction(Shared, InteractionType.Like));
                await fixture.Grains.GetGrain<IUserGrain>($"fan-{u}").RecordInteractionsAsync([.. likes]);
            }

            await fixture.SyncSegmentsAsync();
            var segments = (await Task.WhenAll(Enumerable.Range(0, 20).Select(u => fixture.Grains.GetGrain<IUserGrain>($"fan-{u}").GetProfileAsync()))).Select(p => p.Segment);
            s_fansSegment = segments.GroupBy(s => s).MaxBy(g => g.Count())!.Key!.Value;
            return s_fansSegment.Value;
        }
        finally
        {
            FansGate.Release();
        }
    }

    [Fact]
    public async Task A_segment_members_recommendations_include_the_segments_popular_item_saying_why()
    {
        var segment = await FansSegmentAsync();
        var newcomer = fixture.Grains.GetGrain<IUserGrain>("segment-newcomer");
        await newcomer.RecordInteractionsAsync([new Interaction(SegmentClusterFixture.ItemsOf(1)[0], InteractionType.Like), new Interaction(SegmentClusterFixture.ItemsOf(1)[1], InteractionType.Like)]);
        Assert.Equal(segment, (await newcomer.GetProfileAsync()).Segment);

        var result = await newcomer.RecommendAsync(new RecommendationRequest(5, Diversify: false, Explore: false));

        var shared = Assert.Single(result.Items, r => r.ItemId == Shared);
        Assert.Equal(RankingPipeline.SegmentReason, shared.Reason);
        Assert.Contains(result.Items, r => r.Reason == RankingPipeline.SimilarReason);
    }

    [Fact]
    public async Task A_new_user_without_demographics_starts_from_the_largest_segments_centroid()
    {
        var segment = await FansSegmentAsync();
        var likely = fixture.Assigner.MostLikely((await fixture.Grains.GetGrain<ICatalogGrain>(0).GetInfoAsync()).ModelVersion);
        Assert.NotNull(likely);
        Assert.Equal(segment, likely.Value.Segment.Segment);
        var user = fixture.Grains.GetGrain<IUserGrain>("segment-cold");

        var cold = await user.RecommendAsync(new RecommendationRequest(5, Diversify: false, Explore: false));
        var first = await user.RecordInteractionsAsync([new Interaction("item-3", InteractionType.View)]);
        var export = await user.ExportAsync();

        Assert.All(cold.Items, r => Assert.Equal(RankingPipeline.SegmentReason, r.Reason));
        Assert.Contains(cold.Items, r => SegmentClusterFixture.ItemsOf(1).Contains(r.ItemId) || r.ItemId == Shared);
        Assert.False(first.Drifted); // so the baseline was not moved to the new vector
        Assert.True(VectorMath.Cosine(likely.Value.Centroid, export.DriftBaseline.ToArray()) > 0.9999f, "the drift baseline is the centroid the user started from");
    }
}
