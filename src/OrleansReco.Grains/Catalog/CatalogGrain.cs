using Microsoft.Extensions.Options;
using OrleansReco.Abstractions;

namespace OrleansReco.Grains.Catalog;

/// <summary>The catalog authority: builds the catalog on activation from its options and serves it.</summary>
public sealed class CatalogGrain(IOptions<CatalogOptions> options) : Grain, ICatalogGrain
{
    private CatalogSnapshot? _snapshot;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var path = options.Value.ModelPath;
        _snapshot = string.IsNullOrWhiteSpace(path) ? DemoCatalog.Generate(options.Value) : ModelCatalog.Load(path);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<CatalogSnapshot> GetSnapshotAsync() => Task.FromResult(Current);

    /// <inheritdoc />
    public Task<CatalogInfo> GetInfoAsync()
    {
        var snapshot = Current;
        var categories = new SortedSet<string>(snapshot.Categories, StringComparer.Ordinal);
        return Task.FromResult(new CatalogInfo(snapshot.ModelVersion, snapshot.ItemIds.Length, snapshot.Dimensions, snapshot.Source, [.. categories]));
    }

    private CatalogSnapshot Current => _snapshot ?? throw new InvalidOperationException("The catalog grain is not activated.");
}
