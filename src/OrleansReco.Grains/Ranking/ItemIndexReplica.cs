using Microsoft.Extensions.Options;
using OrleansReco.Grains.Catalog;

namespace OrleansReco.Grains.Ranking;

/// <summary>
/// Singleton per silo: builds the HNSW index once per catalog version and publishes it with one reference
/// swap, so searches never wait for a build of a later version.
/// </summary>
public sealed class ItemIndexReplica(ICatalogReplica catalogs, IOptions<RankingOptions> options) : IItemIndexReplica
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IndexedCatalog? _current;

    /// <inheritdoc />
    public async ValueTask<IndexedCatalog> GetAsync()
    {
        var catalog = await catalogs.GetAsync();
        if (_current is { } current && ReferenceEquals(current.Catalog, catalog))
        {
            return current;
        }

        await _gate.WaitAsync();
        try
        {
            if (_current is null || !ReferenceEquals(_current.Catalog, catalog))
            {
                var built = await Task.Run(() => new IndexedCatalog(catalog, options.Value));
                Volatile.Write(ref _current, built);
            }

            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }
}
