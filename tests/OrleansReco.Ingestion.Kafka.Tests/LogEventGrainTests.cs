using OrleansReco.Abstractions;

namespace OrleansReco.Ingestion.Kafka.Tests;

/// <summary>What <see cref="IUserGrain.ApplyLogEventsAsync"/> promises a consumer: at most once per offset, bad events refused one by one.</summary>
[Collection(KafkaClusterCollection.Name)]
public sealed class LogEventGrainTests(KafkaClusterFixture fixture)
{
    private static readonly Interaction Click = new("item-1");

    private IUserGrain User(string id) => fixture.Cluster.GrainFactory.GetGrain<IUserGrain>(id);

    [Fact]
    public async Task Redelivered_offsets_are_skipped_and_only_new_ones_learned()
    {
        var user = User("log-redelivery");
        var first = await user.ApplyLogEventsAsync(new LogEventBatch("t", 0, [0, 1, 2], [Click, Click, Click]));
        var again = await user.ApplyLogEventsAsync(new LogEventBatch("t", 0, [1, 2, 3], [Click, Click, Click]));

        Assert.Equal((3, 0), (first.Applied, first.Skipped));
        Assert.Equal((1, 2), (again.Applied, again.Skipped));
        Assert.Equal(4, (await user.GetProfileAsync()).InteractionCount);
    }

    [Fact]
    public async Task Each_partition_has_its_own_cursor()
    {
        var user = User("log-partitions");
        await user.ApplyLogEventsAsync(new LogEventBatch("t", 0, [5], [Click]));
        var other = await user.ApplyLogEventsAsync(new LogEventBatch("t", 1, [5], [Click]));
        var otherTopic = await user.ApplyLogEventsAsync(new LogEventBatch("u", 0, [5], [Click]));

        Assert.Equal(1, other.Applied);
        Assert.Equal(1, otherTopic.Applied);
        Assert.Equal(3, (await user.GetProfileAsync()).InteractionCount);
    }

    [Fact]
    public async Task Invalid_events_are_refused_one_by_one_and_reported_again_when_redelivered()
    {
        var user = User("log-invalid");
        var batch = new LogEventBatch("t", 0, [10, 11, 12, 13],
            [Click, new Interaction("no-such-item"), new Interaction("item-2", InteractionType.Rating), new Interaction("item-3", InteractionType.Like)]);

        var first = await user.ApplyLogEventsAsync(batch);
        var again = await user.ApplyLogEventsAsync(batch);

        Assert.Equal(2, first.Applied);
        Assert.Equal([(11L, "itemId"), (12L, "value")], first.Rejected.Select(r => (r.Offset, r.Field)));
        Assert.Contains("Unknown item id 'no-such-item'", first.Rejected[0].Reason, StringComparison.Ordinal);
        Assert.Equal((0, 4), (again.Applied, again.Skipped));
        Assert.Equal(first.Rejected, again.Rejected);
        Assert.Equal(2, (await user.GetProfileAsync()).InteractionCount);
    }

    [Fact]
    public async Task The_cursor_is_stored_with_the_state_and_survives_reactivation()
    {
        var user = User("log-reactivation");
        await user.ApplyLogEventsAsync(new LogEventBatch("t", 3, [100, 101], [Click, Click]));
        await fixture.Cluster.GrainFactory.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var again = await user.ApplyLogEventsAsync(new LogEventBatch("t", 3, [100, 101, 102], [Click, Click, Click]));

        Assert.Equal((1, 2), (again.Applied, again.Skipped));
        Assert.Equal(3, (await user.GetProfileAsync()).InteractionCount);
    }

    [Fact]
    public async Task A_batch_with_offsets_out_of_order_is_a_caller_error_and_changes_nothing()
    {
        var user = User("log-out-of-order");
        await Assert.ThrowsAsync<ArgumentException>(() => user.ApplyLogEventsAsync(new LogEventBatch("t", 0, [2, 1], [Click, Click])));
        Assert.Equal(0, (await user.GetProfileAsync()).InteractionCount);
    }
}
