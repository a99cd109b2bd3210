namespace OrleansReco.Abstractions;

/// <summary>What to recommend.</summary>
/// <param name="K">How many items (1..<see cref="RecoLimits.MaxRecommendations"/>).</param>
/// <param name="ExcludeSeen">Leave out items the user already interacted with.</param>
[GenerateSerializer, Immutable, Alias("OrleansReco.RecommendationRequest")]
public sealed record RecommendationRequest(
    [property: Id(0)] int K = 10,
    [property: Id(1)] bool ExcludeSeen = true);
