using OrleansReco.Abstractions;

namespace OrleansReco.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class CatalogNotificationTests(ClusterFixture fixture)
{
    [Fact]
    public async Task An_item_marked_unavailable_disappears_from_recommendations_on_notification()
    {
        var catalog = fixture.Grains.GetGrain<ICatalogGrain>(0);
        var user = fixture.Grains.GetGrain<IUserGrain>("availability");
        var before = await user.RecommendAsync(new RecommendationRequest(5, Explore: false));
        var withdrawn = before.Items[0].ItemId;

        await catalog.SetAvailabilityAsync(withdrawn, available: false);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        IReadOnlyList<Recommendation> items;
        do
        {
            await Task.Delay(100);
            items = (await user.RecommendAsync(new RecommendationRequest(5, Explore: false))).Items;
        }
        while (items.Any(i => i.ItemId == withdrawn) && DateTime.UtcNow < deadline);

        Assert.DoesNotContain(items, i => i.ItemId == withdrawn);
        Assert.Equal(1, (await catalog.GetInfoAsync()).UnavailableItems);
        await catalog.SetAvailabilityAsync(withdrawn, available: true);
    }

    [Fact]
    public async Task Marking_an_unknown_item_is_refused()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => fixture.Grains.GetGrain<ICatalogGrain>(0).SetAvailabilityAsync("no-such-item", false));
    }
}
