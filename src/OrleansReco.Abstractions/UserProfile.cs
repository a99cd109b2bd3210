namespace OrleansReco.Abstractions;

/// <summary>What the system knows about a user.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.UserProfile")]
public sealed record UserProfile(
    [property: Id(0)] string UserId,
    [property: Id(1)] long InteractionCount,
    [property: Id(2)] float VectorNorm,
    [property: Id(3)] float DriftCosine,
    [property: Id(4)] float AverageDriftCosine,
    [property: Id(5)] long DriftEvents,
    [property: Id(6)] int? Segment,
    [property: Id(7)] long ModelVersion,
    [property: Id(8)] DateTimeOffset? LastUpdated,
    [property: Id(9)] IReadOnlyList<float> Vector,
    [property: Id(10)] int HiddenItems)
{
    /// <summary>What the user told us (used for the starting vector), or null.</summary>
    [Id(11)] public UserDemographics? Demographics { get; init; }

    /// <summary>False for a user nothing was ever stored about (or who was erased).</summary>
    [Id(12)] public bool Exists { get; init; }
}
