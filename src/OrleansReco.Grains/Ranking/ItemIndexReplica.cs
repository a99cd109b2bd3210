using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansReco.Abstractions;
using OrleansReco.Grains.Catalog;

namespace OrleansReco.Grains.Ranking;

/// <summary>
/// Singleton per silo: the catalog version this silo serves, with its HNSW index. A change is built aside and
/// published with one reference swap, so searches keep using the previous version until the new one is ready;
/// an availability-only change reuses the index (item upserts rebuild it).
/// </summary>
public sealed partial class ItemIndexReplica(IGrainFactory grains, IOptions<RankingOptions> options, ILogger<ItemIndexReplica> logger) : IItemIndexReplica
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IndexedCatalog? _current;

    /// <inheritdoc />
    public async ValueTask<IndexedCatalog> GetAsync()
    {
        if (Volatile.Read(ref _current) is { } current)
        {
            return current;
        }

        await RefreshAsync();
        return _current!;
    }

    /// <inheritdoc />
    public async Task RefreshAsync()
    {
        await _gate.WaitAsync();
        try
        {
            var catalogGrain = grains.GetGrain<ICatalogGrain>(0);
            if (_current is { } current && IsCurrent(current.Catalog.Snapshot, await catalogGrain.GetInfoAsync()))
            {
                return;
            }

            var catalog = new ItemCatalog(await catalogGrain.GetSnapshotAsync());
            var next = _current is { } previous && SameVectors(previous.Catalog.Snapshot, catalog.Snapshot)
                ? previous.WithCatalog(catalog)
                : await Task.Run(() => new IndexedCatalog(catalog, options.Value));
            Volatile.Write(ref _current, next);
            LogServing(logger, catalog.ModelVersion, catalog.Snapshot.Revision, catalog.Count);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static bool IsCurrent(CatalogSnapshot served, CatalogInfo latest) =>
        served.ModelVersion == latest.ModelVersion && served.Revision == latest.Revision && served.Source == latest.Source;

    private static bool SameVectors(CatalogSnapshot a, CatalogSnapshot b) =>
        a.ModelVersion == b.ModelVersion && a.Source == b.Source && a.ItemsRevision == b.ItemsRevision && a.ItemIds.Length == b.ItemIds.Length;

    [LoggerMessage(1, LogLevel.Information, "Item index replica now serves model version {ModelVersion}, revision {Revision} ({Items} items)")]
    private static partial void LogServing(ILogger logger, long modelVersion, long revision, int items);
}
