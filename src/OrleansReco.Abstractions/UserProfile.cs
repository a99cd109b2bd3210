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

/// <summary>Everything stored about a user (GDPR access): the profile and the learned state behind it.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.UserDataExport")]
public sealed record UserDataExport(
    [property: Id(0)] UserProfile Profile,
    [property: Id(1)] IReadOnlyList<float> ShortTermVector,
    [property: Id(2)] IReadOnlyList<float> DriftBaseline,
    [property: Id(3)] IReadOnlyList<string> RecentlySeenItemIds,
    [property: Id(4)] IReadOnlyList<string> HiddenItemIds,
    [property: Id(5)] IReadOnlyList<ReplayedInteraction> ReplayBuffer,
    [property: Id(6)] IReadOnlyList<string> IdempotencyKeys)
{
    /// <summary>The context kept from the user's latest interactions (local hour as of the export), or null.</summary>
    [Id(7)] public RecommendationContext? LastContext { get; init; }
}

/// <summary>One interaction kept in the user's replay buffer.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.ReplayedInteraction")]
public sealed record ReplayedInteraction([property: Id(0)] string ItemId, [property: Id(1)] float Weight, [property: Id(2)] DateTimeOffset Timestamp);
