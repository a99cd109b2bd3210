namespace OrleansReco.Abstractions;

/// <summary>One item as the catalog shows it.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.CatalogItemView")]
public sealed record CatalogItemView(
    [property: Id(0)] string ItemId,
    [property: Id(1)] string Title,
    [property: Id(2)] IReadOnlyList<string> Categories,
    [property: Id(3)] bool Available);

/// <summary>A page of catalog items matching a search, and how many match in all.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.CatalogPage")]
public sealed record CatalogPage(
    [property: Id(0)] IReadOnlyList<CatalogItemView> Items,
    [property: Id(1)] int Total,
    [property: Id(2)] long ModelVersion);

/// <summary>Catalog browsing: case-insensitive text in the title or id, a category, and a page.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.CatalogQuery")]
public sealed record CatalogQuery(
    [property: Id(0)] string? Search = null,
    [property: Id(1)] string? Category = null,
    [property: Id(2)] int Offset = 0,
    [property: Id(3)] int Limit = 20)
{
    /// <summary>Largest page.</summary>
    public const int MaxLimit = 200;

    /// <summary>Longest search text.</summary>
    public const int MaxSearchLength = 200;
}
