namespace OrleansReco.Abstractions;

/// <summary>One recommended item with its score and the reason it was chosen.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.Recommendation")]
public sealed record Recommendation(
    [property: Id(0)] string ItemId,
    [property: Id(1)] string Title,
    [property: Id(2)] string Category,
    [property: Id(3)] float Score,
    [property: Id(4)] string Reason);

/// <summary>Ranked recommendations for a user, in the model version they were scored in.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.RecommendationResult")]
public sealed record RecommendationResult(
    [property: Id(0)] string UserId,
    [property: Id(1)] IReadOnlyList<Recommendation> Items,
    [property: Id(2)] long ModelVersion)
{
    /// <summary>The variant the user is in for each running experiment (empty when none runs).</summary>
    [Id(3)] public IReadOnlyList<ExperimentAssignment> Experiments { get; init; } = [];
}

/// <summary>Items most similar to one item, in the model version they were scored in.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.SimilarItemsResult")]
public sealed record SimilarItemsResult(
    [property: Id(0)] string ItemId,
    [property: Id(1)] IReadOnlyList<Recommendation> Items,
    [property: Id(2)] long ModelVersion);
