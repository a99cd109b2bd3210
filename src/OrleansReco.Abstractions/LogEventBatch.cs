namespace OrleansReco.Abstractions;

/// <summary>
/// One user's events read from one partition of an event log (e.g. a Kafka topic), in log order.
/// <see cref="Offsets"/> and <see cref="Interactions"/> are parallel; offsets strictly increase.
/// </summary>
/// <param name="Topic">The log's topic name.</param>
/// <param name="Partition">The partition the events came from.</param>
/// <param name="Offsets">Each event's offset in the partition.</param>
/// <param name="Interactions">Each event as an interaction.</param>
[GenerateSerializer, Immutable, Alias("OrleansReco.LogEventBatch")]
public sealed record LogEventBatch(
    [property: Id(0)] string Topic,
    [property: Id(1)] int Partition,
    [property: Id(2)] long[] Offsets,
    [property: Id(3)] Interaction[] Interactions);
