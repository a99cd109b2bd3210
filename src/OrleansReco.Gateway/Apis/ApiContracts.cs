using OrleansReco.Abstractions;

namespace OrleansReco.Gateway.Apis;

/// <summary>Body of <c>POST /v1/users/{id}/interactions</c>.</summary>
public sealed record InteractionsRequest(IReadOnlyList<Interaction>? Interactions);

/// <summary>Body of <c>POST /v1/interactions</c>: one event, its user named in the body (what a page's event tracker sends).</summary>
public sealed record SingleInteractionRequest(
    string? UserId, string? ItemId, InteractionType? Type, float? Value, DateTimeOffset? Timestamp, RecommendationContext? Context);

/// <summary>Body of <c>POST /v1/items</c>.</summary>
public sealed record ItemsRequest(IReadOnlyList<CatalogItem>? Items);

/// <summary>Answer to an accepted batch: it is stored.</summary>
public sealed record InteractionsAccepted(int Accepted, long InteractionCount, float DriftCosine, bool Drifted, long ModelVersion);

/// <summary>Answer of <c>GET /health</c>.</summary>
public sealed record HealthReport(string Status, long ModelVersion, int Items, string CatalogSource, ItemIndexInfo Index);
