using OrleansReco.Abstractions;

namespace OrleansReco.Grains.Tests;

public sealed class ScheduledSegmentFitTests(ScheduledFitClusterFixture fixture) : IClassFixture<ScheduledFitClusterFixture>
{
    [Fact]
    public async Task With_an_interval_set_the_fit_runs_on_its_own_once_enough_users_are_sampled()
    {
        var directory = fixture.Cluster.GrainFactory.GetGrain<ISegmentDirectoryGrain>(0);
        for (var u = 0; u < 12; u++)
        {
            var genre = u % 2 == 0 ? 2 : 6;
            await fixture.Cluster.GrainFactory.GetGrain<IUserGrain>($"scheduled-{u}").RecordInteractionsAsync(
                [.. SegmentClusterFixture.ItemsOf(genre).Skip(u).Take(4).Select(id => new Interaction(id, InteractionType.Like))]);
        }

        var layout = await directory.GetLayoutAsync();
        for (var attempt = 0; attempt < 100 && layout.Generation == 0; attempt++)
        {
            await Task.Delay(200); // reports flush every 0.2 s; the timer fits every 2 s
            layout = await directory.GetLayoutAsync();
        }

        Assert.True(layout.Generation >= 1, "no scheduled fit within 20 s");
        Assert.NotNull(layout.LastFit);
        Assert.True(layout.LastFit.Applied);
        Assert.InRange(layout.LastFit.SampledUsers, 10, 12);
    }
}
