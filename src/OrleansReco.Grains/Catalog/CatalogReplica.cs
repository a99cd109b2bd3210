using OrleansReco.Abstractions;

namespace OrleansReco.Grains.Catalog;

/// <summary>Singleton per silo: fetches the catalog snapshot once and shares the immutable view.</summary>
public sealed class CatalogReplica(IGrainFactory grainFactory) : ICatalogReplica
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ItemCatalog? _current;

    /// <inheritdoc />
    public async ValueTask<ItemCatalog> GetAsync()
    {
        if (_current is { } current)
        {
            return current;
        }

        await _gate.WaitAsync();
        try
        {
            if (_current is null)
            {
                var snapshot = await grainFactory.GetGrain<ICatalogGrain>(0).GetSnapshotAsync();
                _current = new ItemCatalog(snapshot);
            }

            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }
}
