namespace OrleansReco.Abstractions;

/// <summary>What a user grain did with a <see cref="LogEventBatch"/>; everything it reports is already stored.</summary>
/// <param name="Applied">Events learned from.</param>
/// <param name="Skipped">Events at or below the offset this user had already applied for the partition (redeliveries).</param>
/// <param name="Rejected">Events refused by validation; they will never be applied, so they belong in a dead-letter queue.</param>
[GenerateSerializer, Immutable, Alias("OrleansReco.LogApplyResult")]
public sealed record LogApplyResult(
    [property: Id(0)] int Applied,
    [property: Id(1)] int Skipped,
    [property: Id(2)] IReadOnlyList<LogRejection> Rejected);

/// <summary>An event of a log refused by validation.</summary>
/// <param name="Offset">The event's offset in its partition.</param>
/// <param name="Field">The field at fault, as in the HTTP body (<c>itemId</c>, <c>value</c>, <c>timestamp</c>, …).</param>
/// <param name="Reason">Why it was refused.</param>
[GenerateSerializer, Immutable, Alias("OrleansReco.LogRejection")]
public sealed record LogRejection(
    [property: Id(0)] long Offset,
    [property: Id(1)] string Field,
    [property: Id(2)] string Reason);
