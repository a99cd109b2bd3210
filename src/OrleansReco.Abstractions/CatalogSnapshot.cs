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

    /// <summary>Changes of the item set or of item vectors within the model version (run-time upserts); starts at 0.</summary>
    [Id(9)] public long ItemsRevision { get; init; }

    /// <summary>The model's cold-start towers (user tower, content tower), empty when it has none.</summary>
    [Id(10)] public TowerBlob[] Towers { get; init; } = [];

    /// <summary>The model's metadata (tower configuration among it).</summary>
    [Id(11)] public Dictionary<string, string> Metadata { get; init; } = [];

    /// <summary>How users move from the previous model version to this one; null for a model not published over another.</summary>
    [Id(12)] public ModelRollover? Rollover { get; init; }
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
    [property: Id(6)] int UnavailableItems = 0)
{
    /// <summary>Items added or changed at run time (since the model was loaded).</summary>
    [Id(7)] public int UpsertedItems { get; init; }

    /// <summary>The model has a user tower: demographics start new users.</summary>
    [Id(8)] public bool HasUserTower { get; init; }

    /// <summary>The model has a content tower: items may be added without a vector.</summary>
    [Id(9)] public bool HasContentTower { get; init; }

    /// <summary>How the model served was aligned to the one before it when it was published; null when it was not published over another.</summary>
    [Id(10)] public ModelAlignmentInfo? Alignment { get; init; }
}
