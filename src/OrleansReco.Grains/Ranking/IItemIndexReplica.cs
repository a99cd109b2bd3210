namespace OrleansReco.Grains.Ranking;

/// <summary>The silo's ANN-indexed copy of the current catalog version.</summary>
public interface IItemIndexReplica
{
    /// <summary>Returns the indexed current catalog, building the index on first use of a version.</summary>
    ValueTask<IndexedCatalog> GetAsync();
}
