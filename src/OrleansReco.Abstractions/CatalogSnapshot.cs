namespace OrleansReco.Abstractions;

/// <summary>
/// One model version of the item catalog: ids, titles, categories and item vectors (row-major,
/// <see cref="ItemIds"/>.Length × <see cref="Dimensions"/>). Shipped once per version to each silo.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.CatalogSnapshot")]
public sealed record CatalogSnapshot(
    [property: Id(0)] long ModelVersion,
    [property: Id(1)] int Dimensions,
    [property: Id(2)] string[] ItemIds,
    [property: Id(3)] string[] Titles,
    [property: Id(4)] string[] Categories,
    [property: Id(5)] float[] Vectors,
    [property: Id(6)] string Source)
{
    /// <summary>Changes within the model version (availability); starts at 0.</summary>
    [Id(7)] public long Revision { get; init; }

    /// <summary>Items that must not be recommended.</summary>
    [Id(8)] public string[] UnavailableItemIds { get; init; } = [];
}

/// <summary>Summary of the catalog in force.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.CatalogInfo")]
public sealed record CatalogInfo(
    [property: Id(0)] long ModelVersion,
    [property: Id(1)] int ItemCount,
    [property: Id(2)] int Dimensions,
    [property: Id(3)] string Source,
    [property: Id(4)] IReadOnlyList<string> Categories,
    [property: Id(5)] long Revision = 0,
    [property: Id(6)] int UnavailableItems = 0);
