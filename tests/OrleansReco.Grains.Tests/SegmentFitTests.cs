using OrleansReco.Abstractions;

namespace OrleansReco.Grains.Tests;

[Collection(SegmentFitCollection.Name)]
public sealed class SegmentFitTests(SegmentClusterFixture fixture)
{
    private static readonly int[] Genres = [1, 3, 5];

    private static Interaction[] Likes(int genre, int user, int count) =>
        [.. Enumerable.Range(0, count).Select(j => new Interaction(SegmentClusterFixture.ItemsOf(genre)[((user * 3) + j) % 30], InteractionType.Like))];

    [Fact]
    public async Task A_fit_on_users_in_three_clear_clusters_chooses_K_3_and_their_next_batch_puts_each_cluster_in_its_own_segment()
    {
        var users = Genres.SelectMany(g => Enumerable.Range(0, 20).Select(u => (Genre: g, Index: u, Grain: fixture.Grains.GetGrain<IUserGrain>($"fit-{g}-{u}")))).ToArray();
        await fixture.Assigner.RefreshAsync();
        foreach (var (genre, index, grain) in users)
        {
            await grain.RecordInteractionsAsync(Likes(genre, index, 6));
        }

        await fixture.Assigner.FlushAsync();

        var report = await fixture.Grains.GetGrain<ISegmentDirectoryGrain>(0).FitAsync(new SegmentFitRequest(2, 6));

        Assert.True(report.Applied, report.Problem);
        Assert.Equal(60, report.SampledUsers);
        Assert.Equal(3, report.K);
        Assert.Equal([2, 3, 4, 5, 6], report.Candidates.Select(c => c.K));
        Assert.Equal(report.Candidates.Max(c => c.Silhouette), report.Candidates.Single(c => c.K == 3).Silhouette);
        Assert.True(report.Candidates.Single(c => c.K == 2).Inertia > report.Candidates.Single(c => c.K == 3).Inertia, "the elbow: inertia falls up to the true K");
        Assert.Equal([20, 20, 20], report.Sizes.Order());
        var layout = await fixture.Grains.GetGrain<ISegmentDirectoryGrain>(0).GetLayoutAsync();
        Assert.Equal((report.Generation, 3), (layout.Generation, layout.K));

        await fixture.Assigner.RefreshAsync();
        Assert.Equal(report.Generation, fixture.Assigner.Generation);
        foreach (var (genre, index, grain) in users)
        {
            await grain.RecordInteractionsAsync(Likes(genre, index + 10, 1));
        }

        await fixture.Assigner.FlushAsync();
        var segments = new Dictionary<int, int?[]>();
        foreach (var genre in Genres)
        {
            segments[genre] = (await Task.WhenAll(users.Where(u => u.Genre == genre).Select(u => u.Grain.GetProfileAsync()))).Select(p => p.Segment).ToArray();
        }

        Assert.All(segments.Values, s => Assert.Single(s.Distinct()));
        Assert.Equal(3, segments.Values.Select(s => s[0]).Distinct().Count());
        Assert.All(segments.Values.Select(s => s[0]!.Value), s => Assert.InRange(s, 0, 2));
        var summaries = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => fixture.Grains.GetGrain<ISegmentGrain>(i).GetSummaryAsync()));
        Assert.All(summaries, s => Assert.Equal(20, s.Size)); // the new generation's sizes count each user once, on their next batch
    }

    [Fact]
    public async Task A_batch_of_another_generation_is_dropped()
    {
        var segment = fixture.Grains.GetGrain<ISegmentGrain>(0);
        var layout = await fixture.Grains.GetGrain<ISegmentDirectoryGrain>(0).GetLayoutAsync();
        var version = (await fixture.Grains.GetGrain<ICatalogGrain>(0).GetInfoAsync()).ModelVersion;
        var before = await segment.GetViewAsync();

        await segment.ApplyAsync(new SegmentBatch(500, 0, [], 0, new Dictionary<string, int> { ["item-2"] = 500 }, 0, 0, 0, version, before.Generation + 1));

        var after = await segment.GetViewAsync();
        Assert.Equal(layout.Generation, after.Generation);
        Assert.Equal(before.Size, after.Size);
    }
}
