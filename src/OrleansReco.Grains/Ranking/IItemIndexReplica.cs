namespace OrleansReco.Grains.Ranking;

/// <summary>The silo's ANN-indexed copy of the current catalog version; the one view grains on this silo rank and learn in.</summary>
public interface IItemIndexReplica
{
    /// <summary>Returns the catalog this silo serves, loading it on first use.</summary>
    ValueTask<IndexedCatalog> GetAsync();

    /// <summary>Fetches the catalog if it changed and swaps it in once ready.</summary>
    Task RefreshAsync();
}
