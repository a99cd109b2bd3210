namespace OrleansReco.Abstractions;

/// <summary>
/// An item to add to the catalog, or to change, at run time. Without a vector, the model's content tower places the
/// item from its title (release year) and categories, so a new item is recommendable before anyone interacted with it.
/// </summary>
/// <param name="Id">Item id (at most <see cref="RecoLimits.MaxItemIdLength"/> characters).</param>
/// <param name="Title">Display title; a trailing "(1995)" is read as the release year.</param>
/// <param name="Categories">Categories (genres), used by filters and by the content tower.</param>
/// <param name="Vector">The item's vector in the current model's space, or null for the content tower's.</param>
[GenerateSerializer, Immutable, Alias("OrleansReco.CatalogItem")]
public sealed record CatalogItem(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] IReadOnlyList<string> Categories,
    [property: Id(3)] float[]? Vector = null)
{
    /// <summary>Most items in one upsert call.</summary>
    public const int MaxBatchSize = 10_000;

    /// <summary>Longest accepted title.</summary>
    public const int MaxTitleLength = 1_000;

    /// <summary>Most categories of one item.</summary>
    public const int MaxCategories = 32;

    /// <summary>Longest accepted category name.</summary>
    public const int MaxCategoryLength = 64;
}

/// <summary>A named weight blob of a model's tower (values row-major in <paramref name="Shape"/>), shipped to every silo.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.TowerBlob")]
public sealed record TowerBlob([property: Id(0)] string Name, [property: Id(1)] int[] Shape, [property: Id(2)] float[] Values);
