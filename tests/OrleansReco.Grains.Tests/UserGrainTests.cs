using System.Diagnostics.Metrics;
using OrleansReco.Abstractions;
using OrleansReco.Grains.Users;

namespace OrleansReco.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class UserGrainTests(ClusterFixture fixture)
{
    private IUserGrain User(string id) => fixture.Grains.GetGrain<IUserGrain>(id);

    /// <summary>Demo item ids of a genre: items are assigned to genres round-robin.</summary>
    private static string[] ItemsOfGenre(int genre, int count) =>
        Enumerable.Range(0, count).Select(i => $"item-{(i * ClusterFixture.Genres) + genre + 1}").ToArray();

    private static async Task<int> GenreShareOfTop10(IUserGrain user, string genreName)
    {
        var result = await user.RecommendAsync(new RecommendationRequest(10));
        return result.Items.Count(r => r.Category == genreName);
    }

    [Fact]
    public async Task Interactions_on_one_genre_move_the_top10_toward_that_genre()
    {
        var user = User("genre-fan");
        var genreName = (await fixture.Grains.GetGrain<ICatalogGrain>(0).GetSnapshotAsync()).Categories[3];
        var before = await GenreShareOfTop10(user, genreName);

        var result = await user.RecordInteractionsAsync(ItemsOfGenre(3, 20).Select(id => new Interaction(id, InteractionType.Like)).ToList());

        Assert.True(result.IsAccepted);
        Assert.Equal(20, result.InteractionCount);
        var after = await GenreShareOfTop10(user, genreName);
        Assert.True(after >= 6 && after > before, $"top-10 items of the genre: before {before}, after {after}");
    }

    [Fact]
    public async Task A_batch_with_one_unknown_item_is_rejected_whole_and_stored_state_is_unchanged()
    {
        var user = User("partial-batch");
        await user.RecordInteractionsAsync([new Interaction("item-1")]);
        var stored = RecordingGrainStorage.StoredState<UserState>(user.GetGrainId())!;
        var storedVector = stored.Vector.ToArray();

        var result = await user.RecordInteractionsAsync([new Interaction("item-2"), new Interaction("no-such-item"), new Interaction("item-3")]);

        Assert.False(result.IsAccepted);
        Assert.Equal("interactions[1].itemId", Assert.Single(result.Errors).Field);
        var after = RecordingGrainStorage.StoredState<UserState>(user.GetGrainId())!;
        Assert.Equal(1, after.InteractionCount);
        Assert.Equal(storedVector, after.Vector);
        Assert.Equal(1, (await user.GetProfileAsync()).InteractionCount);
    }

    public static TheoryData<Interaction[], string> BadBatches => new()
    {
        { [], "interactions" },
        { [new Interaction("item-1", InteractionType.Like, float.NaN)], "interactions[0].value" },
        { [new Interaction("item-1"), new Interaction("item-2", InteractionType.Click, float.PositiveInfinity)], "interactions[1].value" },
        { [new Interaction("item-1", InteractionType.Rating)], "interactions[0].value" },
        { [new Interaction("item-1", Timestamp: DateTimeOffset.UtcNow.AddDays(2))], "interactions[0].timestamp" },
        { [new Interaction("item-1", (InteractionType)99)], "interactions[0].type" },
        { [new Interaction("item-1", Context: new RecommendationContext("smart tv"))], "interactions[0].context.device" },
        { [new Interaction("item-1"), new Interaction("item-2", Context: new RecommendationContext(Locale: new string('f', 65)))], "interactions[1].context.locale" },
        { [new Interaction("item-1", Context: new RecommendationContext(LocalHour: 24))], "interactions[0].context.localHour" },
        { Enumerable.Repeat(new Interaction("item-1"), RecoLimits.MaxBatchSize + 1).ToArray(), "interactions" },
    };

    [Theory]
    [MemberData(nameof(BadBatches))]
    public async Task Invalid_input_is_rejected_naming_the_field_and_nothing_is_stored(Interaction[] batch, string field)
    {
        var user = User($"bad-{Guid.NewGuid():N}");

        var result = await user.RecordInteractionsAsync(batch);

        Assert.False(result.IsAccepted);
        Assert.Contains(result.Errors, e => e.Field == field);
        Assert.Null(RecordingGrainStorage.StoredState<UserState>(user.GetGrainId()));
        Assert.Equal(0, (await user.GetProfileAsync()).InteractionCount);
    }

    [Fact]
    public async Task A_failed_storage_write_is_reported_and_the_grain_keeps_its_previous_state()
    {
        var user = User(RecordingGrainStorage.FailingPrefix + "user");

        await Assert.ThrowsAnyAsync<Exception>(() => user.RecordInteractionsAsync([new Interaction("item-1", InteractionType.Like)]));

        var profile = await user.GetProfileAsync();
        Assert.Equal(0, profile.InteractionCount);
        Assert.Empty(profile.Vector);
    }

    [Fact]
    public async Task Seen_items_are_excluded_and_hidden_items_never_come_back()
    {
        var user = User("hider");
        var genre = ItemsOfGenre(2, 12);
        await user.RecordInteractionsAsync(genre[..10].Select(id => new Interaction(id, InteractionType.Like)).ToList());
        var first = (await user.RecommendAsync(new RecommendationRequest(10))).Items;
        Assert.DoesNotContain(first, r => genre[..10].Contains(r.ItemId));

        await user.RecordInteractionsAsync([new Interaction(first[0].ItemId, InteractionType.Hide)]);

        var all = (await user.RecommendAsync(new RecommendationRequest(RecoLimits.MaxRecommendations, ExcludeSeen: false))).Items;
        Assert.DoesNotContain(all, r => r.ItemId == first[0].ItemId);
        Assert.Contains(all, r => r.ItemId == genre[0]);
        Assert.Equal(1, (await user.GetProfileAsync()).HiddenItems);
    }

    [Fact]
    public async Task Forget_erases_the_stored_state_and_the_profile()
    {
        var user = User("gdpr");
        await user.RecordInteractionsAsync([new Interaction("item-5", InteractionType.Purchase)]);
        Assert.NotNull(RecordingGrainStorage.StoredState<UserState>(user.GetGrainId()));

        await user.ForgetAsync();

        Assert.Null(RecordingGrainStorage.StoredState<UserState>(user.GetGrainId()));
        var profile = await user.GetProfileAsync();
        Assert.Equal(0, profile.InteractionCount);
        Assert.Empty(profile.Vector);
    }

    [Fact]
    public async Task A_new_user_gets_popular_recommendations_in_the_current_model_version()
    {
        var result = await User("newcomer").RecommendAsync(new RecommendationRequest(5, Explore: false));

        Assert.Equal(5, result.Items.Count);
        Assert.All(result.Items, r => Assert.Equal("popular with everyone", r.Reason));
        Assert.Equal(1, result.ModelVersion);
    }

    [Fact]
    public async Task Out_of_range_k_is_refused()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => User("k-zero").RecommendAsync(new RecommendationRequest(0)));
    }

    [Fact]
    public async Task A_switch_of_interest_is_a_drift_event_counted_in_metrics()
    {
        long driftEvents = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RecoMetrics.MeterName && instrument.Name == "orleansreco.drift.events")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref driftEvents, value));
        listener.Start();
        var user = User("drifter");

        foreach (var id in ItemsOfGenre(1, 10))
        {
            await user.RecordInteractionsAsync([new Interaction(id, InteractionType.Like)]);
        }

        foreach (var id in ItemsOfGenre(6, 20))
        {
            await user.RecordInteractionsAsync([new Interaction(id, InteractionType.Like)]);
        }

        var profile = await user.GetProfileAsync();
        Assert.True(profile.DriftEvents > 0);
        Assert.True(profile.AverageDriftCosine < 1f);
        Assert.True(Interlocked.Read(ref driftEvents) > 0);
    }
}
