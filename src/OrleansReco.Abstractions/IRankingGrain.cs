namespace OrleansReco.Abstractions;

/// <summary>Stateless, silo-local ranking: ANN candidates → filters → context boosts → MMR → exploration.</summary>
public interface IRankingGrain : IGrainWithIntegerKey
{
    /// <summary>Ranks items for a scoring vector in the given model version.</summary>
    Task<RankingResult> RankAsync(RankingRequest request);

    /// <summary>Items most similar to an item (item-to-item through the same index).</summary>
    Task<SimilarItemsResult> SimilarItemsAsync(string itemId, int k);

    /// <summary>A page of the catalog this silo serves, filtered by text and category (validated by the caller).</summary>
    Task<CatalogPage> BrowseAsync(CatalogQuery query);

    /// <summary>One catalog item, or null when the id is unknown.</summary>
    Task<CatalogItemView?> GetItemAsync(string itemId);

    /// <summary>What this silo's item index replica serves: version, revision, size.</summary>
    Task<ItemIndexInfo> GetIndexInfoAsync();
}

/// <summary>A silo's item index replica: the catalog version it serves and the index size.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.ItemIndexInfo")]
public sealed record ItemIndexInfo(
    [property: Id(0)] long ModelVersion,
    [property: Id(1)] long Revision,
    [property: Id(2)] int Items,
    [property: Id(3)] int UnavailableItems,
    [property: Id(4)] double GraphBytesPerVector);

/// <summary>
/// A ranking call from a user grain: its scoring vector, what to leave out, and the request's rules. A cold user has no
/// interactions yet; its vector then comes from its demographics (<paramref name="FromDemographics"/>) or popularity.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.RankingRequest")]
public sealed record RankingRequest(
    [property: Id(0)] string UserId,
    [property: Id(1)] float[] Query,
    [property: Id(2)] long ModelVersion,
    [property: Id(3)] string[] ExcludedItemIds,
    [property: Id(4)] RecommendationRequest Request,
    [property: Id(5)] bool ColdUser,
    [property: Id(6)] bool FromDemographics = false)
{
    /// <summary>The user's segment (or a new user's most likely one), whose popular items join the candidates; null: none.</summary>
    [Id(7)] public int? Segment { get; init; }

    /// <summary>The segmentation generation <see cref="Segment"/> belongs to.</summary>
    [Id(8)] public long SegmentGeneration { get; init; }

    /// <summary>The cold user's vector is the most likely segment's centroid.</summary>
    [Id(9)] public bool FromSegmentCentroid { get; init; }
}

/// <summary>Ranked items of a model version.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.RankingResult")]
public sealed record RankingResult(
    [property: Id(0)] IReadOnlyList<Recommendation> Items,
    [property: Id(1)] long ModelVersion);
