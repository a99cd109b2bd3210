namespace OrleansReco.Grains.Catalog;

/// <summary>The silo's copy of the current catalog, fetched once per version from the <c>CatalogGrain</c>.</summary>
public interface ICatalogReplica
{
    /// <summary>Returns the current catalog, fetching it on first use.</summary>
    ValueTask<ItemCatalog> GetAsync();
}
