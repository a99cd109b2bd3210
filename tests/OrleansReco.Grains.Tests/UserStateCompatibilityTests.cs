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
            [.. Enumerable.Range(1, 8).Select(i => new Interaction($"item-{i}", InteractionType.Like)), new Interaction("item-20", InteractionType.Hide)]);
        Assert.True(first.IsAccepted);
        var before = await user.ExportAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => user.RecordInteractionsOnceAsync("batch-2",
            [.. Enumerable.Range(30, 8).Select(i => new Interaction($"item-{i}", InteractionType.Like)), new Interaction("item-21", InteractionType.Hide)]));

        var after = await user.ExportAsync();
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
}
