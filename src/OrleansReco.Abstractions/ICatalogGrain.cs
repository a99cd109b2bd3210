namespace OrleansReco.Abstractions;

/// <summary>The item catalog authority (key 0): loads a model file or a seeded demo catalog and serves its current version.</summary>
public interface ICatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Returns the current catalog version with its item vectors.</summary>
    Task<CatalogSnapshot> GetSnapshotAsync();

    /// <summary>Returns a summary of the current catalog.</summary>
    Task<CatalogInfo> GetInfoAsync();
}
