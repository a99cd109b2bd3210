using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansReco.Abstractions;
using OrleansReco.Grains.Segments;

namespace OrleansReco.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class SegmentGrainTests(ClusterFixture fixture)
{
    private SegmentAssigner Assigner => ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost!.Services.GetRequiredService<SegmentAssigner>();

    [Fact]
    public async Task Users_with_one_taste_share_a_segment_whose_top_items_and_size_show_above_the_floor()
    {
        await Assigner.RefreshAsync();
        var users = Enumerable.Range(0, 25).Select(u => fixture.Grains.GetGrain<IUserGrain>($"segment-fan-{u}")).ToArray();
        var horror = Enumerable.Range(0, 6).Select(j => $"item-{(j * ClusterFixture.Genres) + 6}").ToArray(); // genre 5

        foreach (var user in users)
        {
            await user.RecordInteractionsAsync(horror.Select(id => new Interaction(id, InteractionType.Like)).ToList());
        }

        await Assigner.FlushAsync();
        var segments = (await Task.WhenAll(users.Select(u => u.GetProfileAsync()))).Select(p => p.Segment).ToArray();
        Assert.All(segments, s => Assert.NotNull(s));
        var shared = segments.GroupBy(s => s).MaxBy(g => g.Count())!;
        Assert.True(shared.Count() >= 20, $"{shared.Count()} of 25 like-minded users share segment {shared.Key}");
        var summary = await fixture.Grains.GetGrain<ISegmentGrain>(shared.Key!.Value).GetSummaryAsync();
        Assert.False(summary.Hidden);
        Assert.True(summary.Size >= shared.Count());
        Assert.Contains(summary.TopItems!, horror.Contains);
        Assert.NotNull(summary.MeanDriftCosine);
    }

    [Fact]
    public async Task A_segment_of_19_users_is_hidden_and_one_of_20_is_shown()
    {
        var segment = fixture.Grains.GetGrain<ISegmentGrain>(900); // not used by any user of the test cluster
        var version = (await fixture.Grains.GetGrain<ICatalogGrain>(0).GetInfoAsync()).ModelVersion;
        SegmentBatch Joins(int count) => new(count, 0, [], 0, new Dictionary<string, int> { ["item-1"] = count }, 0.99 * count, count, 0, version);

        await segment.ApplyAsync(Joins(19));
        var nineteen = await segment.GetSummaryAsync();
        await segment.ApplyAsync(Joins(1));
        var twenty = await segment.GetSummaryAsync();

        Assert.True(nineteen.Hidden);
        Assert.Null(nineteen.Size);
        Assert.Null(nineteen.TopItems);
        Assert.False(twenty.Hidden);
        Assert.Equal(20, twenty.Size);
        Assert.Equal(["item-1"], twenty.TopItems);
    }
}
