using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansReco.Abstractions;

namespace OrleansReco.Grains.Catalog;

/// <summary>
/// The catalog authority: builds the catalog from its options (model file or demo), applies run-time
/// availability changes (persisted), and notifies every subscribed silo when anything changes.
/// </summary>
public sealed partial class CatalogGrain(
    [PersistentState("catalog", CatalogOptions.StorageName)] IPersistentState<CatalogGrainState> state,
    IOptions<CatalogOptions> options,
    ILogger<CatalogGrain> logger) : Grain, ICatalogGrain
{
    private readonly HashSet<ICatalogObserver> _observers = [];
    private CatalogSnapshot? _loaded;
    private CatalogSnapshot? _current;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _loaded = Load();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<CatalogSnapshot> GetSnapshotAsync() => Task.FromResult(Current);

    /// <inheritdoc />
    public Task<CatalogInfo> GetInfoAsync() => Task.FromResult(Info());

    /// <inheritdoc />
    public async Task SetAvailabilityAsync(string itemId, bool available)
    {
        if (Array.IndexOf(Loaded.ItemIds, itemId) < 0)
        {
            throw new KeyNotFoundException($"Unknown item id '{itemId}' in catalog version {Loaded.ModelVersion}.");
        }

        var changed = available ? state.State.Unavailable.Remove(itemId) : state.State.Unavailable.Add(itemId);
        if (changed)
        {
            await CommitChangeAsync();
        }
    }

    /// <inheritdoc />
    public async Task<CatalogInfo> ReloadAsync()
    {
        _loaded = Load();
        await CommitChangeAsync();
        return Info();
    }

    /// <inheritdoc />
    public Task SubscribeAsync(ICatalogObserver observer)
    {
        _observers.Add(observer);
        return Task.CompletedTask;
    }

    private CatalogSnapshot Loaded => _loaded ?? throw new InvalidOperationException("The catalog grain is not activated.");

    private CatalogSnapshot Current => _current ??= Loaded with { Revision = state.State.Revision, UnavailableItemIds = [.. state.State.Unavailable] };

    private CatalogSnapshot Load()
    {
        var path = options.Value.ModelPath;
        return string.IsNullOrWhiteSpace(path) ? DemoCatalog.Generate(options.Value) : ModelCatalog.Load(path);
    }

    private CatalogInfo Info()
    {
        var snapshot = Current;
        var categories = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var item in snapshot.Categories)
        {
            categories.UnionWith(item.Split(ModelCatalog.CategorySeparator, StringSplitOptions.RemoveEmptyEntries));
        }

        return new CatalogInfo(snapshot.ModelVersion, snapshot.ItemIds.Length, snapshot.Dimensions, snapshot.Source, [.. categories],
            snapshot.Revision, snapshot.UnavailableItemIds.Length);
    }

    private async Task CommitChangeAsync()
    {
        state.State.Revision++;
        await state.WriteStateAsync();
        _current = null;
        LogChanged(logger, Current.ModelVersion, Current.Revision, _observers.Count);
        foreach (var observer in _observers.ToArray())
        {
            try
            {
                await observer.CatalogChangedAsync(Current.ModelVersion, Current.Revision);
            }
            catch (Exception e)
            {
                // A silo that went away; live silos re-subscribe periodically.
                _observers.Remove(observer);
                LogObserverDropped(logger, e.Message);
            }
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Catalog changed: model version {ModelVersion}, revision {Revision}; notifying {Observers} silo(s)")]
    private static partial void LogChanged(ILogger logger, long modelVersion, long revision, int observers);

    [LoggerMessage(2, LogLevel.Warning, "Dropped a catalog observer that did not answer: {Reason}")]
    private static partial void LogObserverDropped(ILogger logger, string reason);
}
