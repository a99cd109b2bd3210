using OrleansReco.Abstractions;
using OrleansReco.Grains.Ranking;
using OrleansReco.Learning;
using OrleansReco.Learning.Towers;

namespace OrleansReco.Grains.Tests;

[Collection(TowerClusterCollection.Name)]
public sealed class ColdStartGrainTests(TowerClusterFixture fixture)
{
    // Items other tests may add are left out, so the expected ranking is over the model's items.
    private static readonly RecommendationRequest Plain = new(5, ExcludeItemIds: ["fresh-1"], Diversify: false, Explore: false);

    private string[] ExactTop(float[] query, int k)
    {
        var model = fixture.Model;
        var items = new ItemVectors(model.Vectors, model.Dimensions);
        return Enumerable.Range(0, model.Items.Count)
            .OrderByDescending(i => SmallKernels.Dot(query, items[i]))
            .Take(k).Select(i => model.Items[i].Id).ToArray();
    }

    [Fact]
    public async Task A_new_user_with_demographics_is_ranked_from_the_user_tower()
    {
        var user = fixture.Grains.GetGrain<IUserGrain>("tower-user");
        var demographics = new UserDemographics(34, "F", "engineer", "94110");

        var profile = await user.SetDemographicsAsync(demographics);
        var result = await user.RecommendAsync(Plain);

        Assert.Equal(demographics, profile.Demographics);
        var expected = ExactTop(fixture.Towers.User!.Embed(new UserAttributes(34, "F", "engineer", "94110")), 5);
        Assert.Equal(expected, result.Items.Select(r => r.ItemId).ToArray());
        Assert.All(result.Items, r => Assert.Equal(RankingPipeline.DemographicReason, r.Reason));
    }

    [Fact]
    public async Task The_first_interaction_moves_on_from_the_tower_vector()
    {
        var user = fixture.Grains.GetGrain<IUserGrain>("tower-then-click");
        await user.SetDemographicsAsync(new UserDemographics(19, "M", "student"));
        var tower = fixture.Towers.User!.Embed(new UserAttributes(19, "M", "student"));

        await user.RecordInteractionsAsync([new Interaction("m7", InteractionType.Like)]);
        var profile = await user.GetProfileAsync();

        Assert.Equal(1, profile.InteractionCount);
        var cosine = VectorMath.Cosine(tower, profile.Vector.ToArray());
        Assert.True(cosine is > 0.3f and < 0.99999f, $"cosine(tower start, vector after one like) = {cosine}");
        Assert.All((await user.RecommendAsync(Plain)).Items, r => Assert.NotEqual(RankingPipeline.DemographicReason, r.Reason));
    }

    [Fact]
    public async Task Invalid_demographics_are_refused_naming_the_field()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            fixture.Grains.GetGrain<IUserGrain>("bad-age").SetDemographicsAsync(new UserDemographics(Age: 0)));

        Assert.StartsWith("age:", error.Message, StringComparison.Ordinal);
        Assert.Null((await fixture.Grains.GetGrain<IUserGrain>("bad-age").GetProfileAsync()).Demographics);
    }

    [Fact]
    public async Task An_item_added_without_a_vector_is_placed_by_the_content_tower_and_served_by_every_replica()
    {
        var catalog = fixture.Grains.GetGrain<ICatalogGrain>(0);
        var before = await catalog.GetInfoAsync();

        var info = await catalog.UpsertItemsAsync([new CatalogItem("fresh-1", "Fresh (2024)", ["Drama"])]);

        Assert.Equal(before.ItemCount + 1, info.ItemCount);
        Assert.True(info.HasContentTower);
        var snapshot = await catalog.GetSnapshotAsync();
        var at = Array.IndexOf(snapshot.ItemIds, "fresh-1");
        var expected = fixture.Towers.Content!.Embed(["Drama"], 2024);
        Assert.Equal(expected, snapshot.Vectors.AsSpan(at * snapshot.Dimensions, snapshot.Dimensions).ToArray());

        // The silo's replica rebuilds its index on the notification; the new item is then rankable.
        var ranking = fixture.Grains.GetGrain<IRankingGrain>(0);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        SimilarItemsResult? similar = null;
        while (similar is null && DateTime.UtcNow < deadline)
        {
            try
            {
                similar = await ranking.SimilarItemsAsync("fresh-1", 3);
            }
            catch (KeyNotFoundException)
            {
                await Task.Delay(100);
            }
        }

        Assert.NotNull(similar);
        Assert.Equal(3, similar.Items.Count);
    }

    [Fact]
    public async Task An_upsert_with_one_invalid_item_changes_nothing_and_names_the_item()
    {
        var catalog = fixture.Grains.GetGrain<ICatalogGrain>(0);
        var before = await catalog.GetInfoAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => catalog.UpsertItemsAsync(
            [new CatalogItem("ok-1", "Fine", ["Comedy"]), new CatalogItem("bad-1", "Wrong size", ["Comedy"], [1f, 2f])]));

        Assert.StartsWith("items[1].vector:", error.Message, StringComparison.Ordinal);
        Assert.Equal(before.ItemCount, (await catalog.GetInfoAsync()).ItemCount);
    }
}
