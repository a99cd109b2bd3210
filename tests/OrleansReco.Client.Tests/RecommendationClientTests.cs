using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansReco.Abstractions;

namespace OrleansReco.Client.Tests;

/// <summary>The client against the real embedded host.</summary>
[Collection(ClientCollection.Name)]
public sealed class RecommendationClientTests(ClientFixture fixture)
{
    private const int DemoGenres = 12;
    private static readonly float[] NoVector = [];

    private IRecommendationClient Client => fixture.Client;

    /// <summary>Demo items are dealt to genres round-robin: item n is in genre (n − 1) mod 12, so item-5, item-17, … are Horror.</summary>
    private static Interaction[] HorrorLikes(int count) =>
        [.. Enumerable.Range(0, count).Select(j => new Interaction($"item-{(DemoGenres * j) + 5}", InteractionType.Like))];

    private async Task<int> HorrorInTop10(string userId) =>
        (await Client.RecommendAsync(userId, new RecommendationRequest(K: 10))).Items.Count(i => i.Category == "Horror");

    private static void AssertSameProfile(UserProfile expected, UserProfile actual)
    {
        Assert.Equal(expected.Vector, actual.Vector);
        Assert.Equal(expected with { Vector = NoVector }, actual with { Vector = NoVector });
    }

    [Fact]
    public async Task Recording_likes_in_one_genre_moves_the_top10_toward_it()
    {
        const string user = "client-genre";
        var before = await HorrorInTop10(user);

        var recorded = await Client.RecordAsync(user, HorrorLikes(20));

        Assert.True(recorded.IsAccepted);
        Assert.Equal((20, 20L), (recorded.Accepted, recorded.InteractionCount));
        var after = await HorrorInTop10(user);
        Assert.True(after >= 6 && after > before, $"Horror items in the top 10: before {before}, after {after}");
    }

    [Fact]
    public async Task A_batch_with_an_unknown_item_is_rejected_naming_the_field_and_stores_nothing()
    {
        const string user = "client-unknown-item";

        var recorded = await Client.RecordAsync(user, [new Interaction("item-1"), new Interaction("no-such-item")]);

        Assert.False(recorded.IsAccepted);
        Assert.Equal("interactions[1].itemId", Assert.Single(recorded.Errors).Field);
        Assert.Equal(0, (await Client.GetProfileAsync(user)).InteractionCount);
    }

    [Theory]
    [InlineData("empty batch", "interactions")]
    [InlineData("batch of 1001", "interactions")]
    [InlineData("k = 0", "request")]
    [InlineData("age 0", "demographics")]
    public async Task Invalid_input_throws_ArgumentException_naming_the_field_and_leaves_the_profile_unchanged(string call, string argument)
    {
        var user = "client-invalid-" + call.Replace(' ', '-');
        await Client.RecordAsync(user, [new Interaction("item-7")]);
        var before = await Client.GetProfileAsync(user);

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => ArgumentAndCancellationTests.InvalidCall(Client, call, user));

        Assert.Equal(argument, error.ParamName);
        AssertSameProfile(before, await Client.GetProfileAsync(user));
    }

    [Fact]
    public async Task A_user_id_of_257_characters_throws_naming_userId_and_nothing_is_stored()
    {
        var userId = new string('u', RecoLimits.MaxUserIdLength + 1);

        var errors = new[]
        {
            await Assert.ThrowsAsync<ArgumentException>(() => Client.RecordAsync(userId, [new Interaction("item-1")])),
            await Assert.ThrowsAsync<ArgumentException>(() => Client.SetDemographicsAsync(userId, new UserDemographics(Age: 30))),
            await Assert.ThrowsAsync<ArgumentException>(() => Client.RecommendAsync(userId)),
            await Assert.ThrowsAsync<ArgumentException>(() => Client.GetProfileAsync(userId)),
            await Assert.ThrowsAsync<ArgumentException>(() => Client.ForgetAsync(userId)),
        };

        Assert.All(errors, e => Assert.Equal("userId", e.ParamName));
        var stored = await fixture.SiloGrains.GetGrain<IUserGrain>(userId).GetProfileAsync();
        Assert.Equal((0L, 0), (stored.InteractionCount, stored.Vector.Count));
        Assert.Null(stored.Demographics);
    }

    [Fact]
    public async Task An_already_cancelled_token_throws_OperationCanceledException_and_records_nothing()
    {
        const string user = "client-cancelled-before";

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Client.RecordAsync(user, [new Interaction("item-1")], new CancellationToken(canceled: true)));

        Assert.Equal(0, (await Client.GetProfileAsync(user)).InteractionCount);
    }

    [Fact]
    public async Task Cancelling_during_a_call_stops_the_wait_while_the_server_still_completes_it()
    {
        const string user = "client-cancelled-during";
        using var cancel = new CancellationTokenSource();

        var call = Client.RecordAsync(user, HorrorLikes(50), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await Client.GetProfileAsync(user)).InteractionCount == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(50, (await Client.GetProfileAsync(user)).InteractionCount);
    }

    [Fact]
    public async Task Forget_erases_the_user()
    {
        const string user = "client-forget";
        await Client.RecordAsync(user, [new Interaction("item-3", InteractionType.Purchase)]);
        var told = await Client.SetDemographicsAsync(user, new UserDemographics(Age: 30, Gender: "F"));

        await Client.ForgetAsync(user);

        Assert.Equal((1L, 30), (told.InteractionCount, told.Demographics?.Age));
        var profile = await Client.GetProfileAsync(user);
        Assert.Equal(0, profile.InteractionCount);
        Assert.Empty(profile.Vector);
        Assert.Null(profile.Demographics);
    }

    [Fact]
    public async Task Similar_items_of_a_horror_item_are_horror()
    {
        var similar = await Client.SimilarAsync("item-5", k: 5);

        Assert.Equal("item-5", similar.ItemId);
        Assert.Equal(5, similar.Items.Count);
        Assert.All(similar.Items, i => Assert.Equal("Horror", i.Category));
        Assert.DoesNotContain(similar.Items, i => i.ItemId == "item-5");
    }

    [Fact]
    public async Task Similar_items_of_an_unknown_item_throw_KeyNotFoundException()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Client.SimilarAsync("no-such-item"));
    }

    [Fact]
    public async Task A_client_configured_from_the_OrleansReco_Client_section_reaches_the_cluster()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [$"--OrleansReco:Client:GatewayPort={fixture.GatewayPort}", "--OrleansReco:Client:ResponseTimeout=00:00:10"],
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddOrleansReco();
        using var host = builder.Build();
        await host.StartAsync();

        var profile = await host.Services.GetRequiredService<IRecommendationClient>().GetProfileAsync("client-from-configuration");

        Assert.Equal("client-from-configuration", profile.UserId);
        Assert.Equal(TimeSpan.FromSeconds(10), host.Services.GetRequiredService<IOptions<ClientMessagingOptions>>().Value.ResponseTimeout);
        await host.StopAsync();
    }
}
