using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OrleansReco.Abstractions;
using OrleansReco.Grains.Users;

namespace OrleansReco.Grains.Tests;

/// <summary>State written by the earlier shape of <see cref="UserState"/> still loads; a failed write rolls a batch back whole.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UserStateCompatibilityTests(ClusterFixture fixture)
{
    private const int D = 32;
    private const long UnixSeconds = 1_700_000_000;

    /// <summary>A user as the first shape stored it: single-precision baseline and replay weights, long timestamps, empty sets.</summary>
    private static UserState FirstShape(long modelVersion)
    {
        var vector = Enumerable.Range(0, D).Select(i => 0.05f * ((i % 5) - 2)).ToArray();
        return new UserState
        {
            Vector = vector, ShortTerm = new float[D], Baseline = [.. vector.Select(x => x * 0.5f)],
            ReplayItems = [3, 7, 0, 0], ReplayWeights = [1f, 0.5f, 0f, 0f], ReplayTimestamps = [UnixSeconds, UnixSeconds + 60, 0, 0],
            ReplayHead = 2, ReplayCount = 2, RecentlySeen = ["item-4", "item-8"], Hidden = [], AcceptedBatches = [],
            InteractionCount = 2, ModelVersion = modelVersion, RandomState = 99,
        };
    }

    [Fact]
    public void A_first_shape_state_survives_the_orleans_serializer_and_upgrades_to_the_compact_members()
    {
        var serializer = fixture.Cluster.Client.ServiceProvider.GetRequiredService<Serializer>();
        var old = FirstShape(modelVersion: 1);

        var loaded = serializer.Deserialize<UserState>(serializer.SerializeToArray(old))!;
        loaded.Upgrade();

        Assert.Equal(old.Vector, loaded.Vector);
        Assert.Equal(old.Baseline.Select(x => (float)(Half)x), loaded.BaselineHalf.Select(x => (float)x));
        Assert.Equal([1f, 0.5f, 0f, 0f], loaded.ReplayWeightsHalf.Select(x => (float)x));
        Assert.Equal([(uint)UnixSeconds, (uint)UnixSeconds + 60, 0u, 0u], loaded.ReplaySeconds);
        Assert.Empty(loaded.Baseline);
        Assert.Empty(loaded.ReplayWeights);
        Assert.Empty(loaded.ReplayTimestamps);
        Assert.Null(loaded.Hidden);
        Assert.Null(loaded.AcceptedBatches);
        Assert.Equal(["item-4", "item-8"], loaded.RecentlySeen);
    }

    [Fact]
    public async Task A_user_stored_in_the_first_shape_activates_exports_and_keeps_learning()
    {
        var user = fixture.Grains.GetGrain<IUserGrain>("first-shape-user");
        var old = FirstShape(modelVersion: 1);
        RecordingGrainStorage.Seed(user.GetGrainId(), old);

        var export = await user.ExportAsync();
        Assert.Equal(old.Vector, export.Profile.Vector);
        Assert.Equal(old.Baseline.Select(x => (float)(Half)x), export.DriftBaseline);
        Assert.Equal(["item-4", "item-8"], export.ReplayBuffer.Select(r => r.ItemId));
        Assert.Equal([1f, 0.5f], export.ReplayBuffer.Select(r => r.Weight));
        Assert.Equal(UnixSeconds + 60, export.ReplayBuffer[1].Timestamp.ToUnixTimeSeconds());

        var result = await user.RecordInteractionsAsync([new Interaction("item-9", InteractionType.Like)]);

        Assert.True(result.IsAccepted);
        Assert.Equal(3, result.InteractionCount);
        var stored = RecordingGrainStorage.StoredState<UserState>(user.GetGrainId())!;
        Assert.Empty(stored.Baseline);
        Assert.Equal(D, stored.BaselineHalf.Length);
        Assert.Equal(["item-4", "item-8", "item-9"], stored.RecentlySeen);
    }

    [Fact]
    public async Task A_failed_write_after_accepted_batches_leaves_every_part_of_the_user_as_it_was()
    {
        var user = fixture.Grains.GetGrain<IUserGrain>(RecordingGrainStorage.FailingAfterFirstWritePrefix + "user");
        var first = await user.RecordInteractionsOnceAsync("batch-1",
            [.. Enumerable.Range(1, 8).Select(i => new Interaction($"item-{i}", InteractionType.Like)), new Interaction("item-20", InteractionType.Hide),
                new Interaction("item-10", Context: new RecommendationContext("tv", "fr-FR", 21))]);
        Assert.True(first.IsAccepted);
        var before = await user.ExportAsync();
        Assert.Equal("tv", before.LastContext?.Device);
        var log = new LogEventBatch("clicks", 0, [5, 6], [new Interaction("item-40", Context: new RecommendationContext("web", "de-DE", 8)), new Interaction("item-41")]);

        await Assert.ThrowsAnyAsync<Exception>(() => user.RecordInteractionsOnceAsync("batch-2",
            [.. Enumerable.Range(30, 8).Select(i => new Interaction($"item-{i}", InteractionType.Like)), new Interaction("item-21", InteractionType.Hide),
                new Interaction("item-39", Context: new RecommendationContext("mobile", "en-GB", 9))]));
        await Assert.ThrowsAnyAsync<Exception>(() => user.ApplyLogEventsAsync(log));
        // Had the failed apply left its cursor at offset 6, the redelivery would be skipped as applied instead of tried again.
        await Assert.ThrowsAnyAsync<Exception>(() => user.ApplyLogEventsAsync(log));

        var after = await user.ExportAsync();
        Assert.Equal(before.LastContext, after.LastContext);
        Assert.Equal(before.Profile, after.Profile with { Vector = before.Profile.Vector });
        Assert.Equal(before.Profile.Vector, after.Profile.Vector);
        Assert.Equal(before.ShortTermVector, after.ShortTermVector);
        Assert.Equal(before.DriftBaseline, after.DriftBaseline);
        Assert.Equal(before.RecentlySeenItemIds, after.RecentlySeenItemIds);
        Assert.Equal(before.HiddenItemIds, after.HiddenItemIds);
        Assert.Equal(before.ReplayBuffer, after.ReplayBuffer);
        Assert.Equal(["batch-1"], after.IdempotencyKeys);
        Assert.Equal(first, await user.RecordInteractionsOnceAsync("batch-1", [new Interaction("item-2")]));
    }

    [Fact]
    public void A_checkpoint_puts_back_every_member_a_batch_a_rollover_or_a_log_apply_changes()
    {
        var serializer = fixture.Cluster.Client.ServiceProvider.GetRequiredService<Serializer>();
        var state = FirstShape(modelVersion: 1);
        state.Upgrade();
        (state.Moment1, state.Moment2, state.OptimizerSteps, state.LastUpdated) = (new float[D], new float[D], 4, DateTimeOffset.FromUnixTimeSeconds(UnixSeconds));
        state.Hidden = new HashSet<string>(StringComparer.Ordinal) { "item-20" };
        state.AcceptedBatches = [new AcceptedBatch("batch-1", new RecordResult(1, [], 2, 1f, false, 1))];
        (state.Segment, state.SegmentGeneration, state.LastContext) = (1, 3, new UserContext("tv", "fr-FR", 2));
        state.Demographics = new UserDemographics(Age: 30);
        state.LogCursors = new Dictionary<string, long>(StringComparer.Ordinal) { ["clicks/0"] = 6 };
        state.LogRejections = [new RememberedLogRejection("clicks/0", new LogRejection(4, "itemId", "Unknown item."))];
        var before = serializer.SerializeToArray(state);

        var checkpoint = UserStateCheckpoint.Capture(state, hides: true);
        // In place, as learning, drift, a hide, an accepted batch and a log apply do.
        (state.Vector[0], state.ShortTerm[1], state.BaselineHalf[2], state.Moment1[3], state.Moment2[4]) = (9f, 9f, (Half)9f, 9f, 9f);
        (state.ReplayItems[2], state.ReplayWeightsHalf[2], state.ReplaySeconds[2], state.ReplayHead, state.ReplayCount) = (9, (Half)9f, 9u, 3, 3);
        state.RecentlySeen.Add("item-9");
        state.Hidden.Add("item-21");
        state.AcceptedBatches.Add(new AcceptedBatch("batch-2", new RecordResult(1, [], 3, 1f, false, 1)));
        (state.LogCursors["clicks/0"], state.LogCursors["clicks/1"]) = (8, 1);
        state.LogRejections.Add(new RememberedLogRejection("clicks/0", new LogRejection(7, "itemId", "Unknown item.")));
        // Replaced, as a rollover, a new model version or a copy-on-write cursor does.
        (state.Vector, state.BaselineHalf, state.Moment1, state.ReplayItems, state.ReplaySeconds) = (new float[D], new Half[D], [], new int[8], new uint[8]);
        (state.OptimizerSteps, state.RandomState, state.InteractionCount, state.ModelVersion, state.LastUpdated) = (0, 1, 9, 2, DateTimeOffset.UnixEpoch);
        (state.DriftCosine, state.AverageDriftCosine, state.DriftEvents, state.Segment, state.SegmentGeneration) = (0.1f, 0.2f, 9, 2, 4);
        (state.LastContext, state.Demographics) = (new UserContext("mobile", "en-GB", 0), null);
        (state.LogCursors, state.LogRejections) = (new Dictionary<string, long> { ["clicks/2"] = 1 }, []);
        checkpoint.Restore();
        checkpoint.Release();

        Assert.Equal(before, serializer.SerializeToArray(state));
        Assert.Equal(3, state.SegmentGeneration);
        Assert.Equal(6, state.LogCursors!["clicks/0"]);
        Assert.Equal(new UserContext("tv", "fr-FR", 2), state.LastContext);
    }
}
