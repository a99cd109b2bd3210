namespace OrleansReco.Abstractions;

/// <summary>One user interaction with an item.</summary>
/// <param name="ItemId">Catalog item id.</param>
/// <param name="Type">Kind of feedback; <see cref="InteractionType.Click"/> when absent.</param>
/// <param name="Value">The rating for <see cref="InteractionType.Rating"/>, else an optional weight multiplier.</param>
/// <param name="Timestamp">When it happened; the time of arrival when absent.</param>
/// <param name="Context">Device, locale and local hour where it happened; recommendations asked without a context use the
/// user's latest one (device, locale, and the local hour kept at the same offset from UTC).</param>
[GenerateSerializer, Immutable, Alias("OrleansReco.Interaction")]
public sealed record Interaction(
    [property: Id(0)] string ItemId,
    [property: Id(1)] InteractionType Type = InteractionType.Click,
    [property: Id(2)] float? Value = null,
    [property: Id(3)] DateTimeOffset? Timestamp = null,
    [property: Id(4)] RecommendationContext? Context = null);
