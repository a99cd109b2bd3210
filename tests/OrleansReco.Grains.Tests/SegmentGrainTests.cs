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

    [Fact]
    public async Task A_segments_drift_is_the_mean_cosine_of_its_observations_with_drift_events_counted_per_hour()
    {
        var segment = fixture.Grains.GetGrain<ISegmentGrain>(901); // not used by any user of the test cluster
        var version = (await fixture.Grains.GetGrain<ICatalogGrain>(0).GetInfoAsync()).ModelVersion;

        await segment.ApplyAsync(new SegmentBatch(20, 0, [], 0, [], DriftCosineSum: 0.9 * 10, DriftObservations: 10, DriftEvents: 1, version));
        await segment.ApplyAsync(new SegmentBatch(0, 0, [], 0, [], DriftCosineSum: 0.5 * 30, DriftObservations: 30, DriftEvents: 3, version));
        var summary = await segment.GetSummaryAsync();
        var view = await segment.GetViewAsync();

        Assert.Equal(0.6, summary.MeanDriftCosine!.Value, 6); // (9 + 15) / 40, not the mean of the two batch means
        Assert.Equal(4, summary.DriftByHour!.Sum(h => h.DriftEvents));
        Assert.All(summary.DriftByHour!, h => Assert.Equal(TimeSpan.Zero, h.Hour.TimeOfDay - TimeSpan.FromHours(h.Hour.Hour)));
        Assert.Equal(0.6, view.MeanDriftCosine!.Value, 6);
        Assert.Equal((40, 24.0), (view.DriftObservations, Math.Round(view.DriftCosineSum, 6)));
    }
}
