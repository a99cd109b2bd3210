using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansReco.Abstractions;
using OrleansReco.Learning.Model;
using OrleansReco.Learning.Towers;

namespace OrleansReco.Grains.Catalog;

/// <summary>
/// The catalog authority: builds the catalog from its options (model file or demo), applies run-time
/// availability changes and item upserts (persisted), and notifies every subscribed silo when anything changes.
/// </summary>
public sealed partial class CatalogGrain(
    [PersistentState("catalog", CatalogOptions.StorageName)] IPersistentState<CatalogGrainState> state,
    IOptions<CatalogOptions> options,
    ILogger<CatalogGrain> logger) : Grain, ICatalogGrain
{
    private readonly HashSet<ICatalogObserver> _observers = [];
    private CatalogSnapshot? _loaded;
    private TowerSet? _towers;
    private CatalogSnapshot? _current;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Load();
        if (KeepUpsertsOfThisModel())
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public Task<CatalogSnapshot> GetSnapshotAsync() => Task.FromResult(Current);

    /// <inheritdoc />
    public Task<CatalogInfo> GetInfoAsync() => Task.FromResult(Info());

    /// <inheritdoc />
    public async Task SetAvailabilityAsync(string itemId, bool available)
    {
        if (Array.IndexOf(Current.ItemIds, itemId) < 0)
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
    public async Task<CatalogInfo> UpsertItemsAsync(IReadOnlyList<CatalogItem> items)
    {
        var upserts = state.State.Upserts;
        var positions = new Dictionary<string, int>(upserts.Count, StringComparer.Ordinal);
        for (var i = 0; i < upserts.Count; i++)
        {
            positions[upserts[i].Id] = i;
        }

        var loadedIds = new HashSet<string>(Loaded.ItemIds, StringComparer.Ordinal);
        CatalogUpserts.Validate(items, Loaded.Dimensions, _towers?.Content is not null, id => loadedIds.Contains(id) || positions.ContainsKey(id));
        var backup = new List<CatalogItem>(upserts);
        foreach (var item in items)
        {
            if (positions.TryGetValue(item.Id, out var at))
            {
                upserts[at] = item with { Vector = item.Vector ?? upserts[at].Vector };
            }
            else
            {
                positions[item.Id] = upserts.Count;
                upserts.Add(item);
            }
        }

        state.State.UpsertsModelVersion = Loaded.ModelVersion;
        state.State.ItemsRevision++;
        try
        {
            await CommitChangeAsync();
        }
        catch
        {
            state.State.Upserts = backup;
            state.State.ItemsRevision--;
            state.State.Revision--;
            _current = null;
            throw;
        }

        LogUpserted(logger, items.Count, upserts.Count);
        return Info();
    }

    /// <inheritdoc />
    public Task<CatalogInfo> PublishModelAsync(byte[] modelFile) => PublishModelAsync(modelFile, align: true);

    /// <inheritdoc />
    public async Task<CatalogInfo> PublishModelAsync(byte[] modelFile, bool align)
    {
        ArgumentNullException.ThrowIfNull(modelFile);
        ItemModel model;
        using (var stream = new MemoryStream(modelFile, writable: false))
        {
            model = ItemModelFile.Read(stream); // refuses a corrupt or inconsistent file before anything changes
        }

        if (model.ModelVersion == Loaded.ModelVersion)
        {
            throw new InvalidDataException($"Model version {model.ModelVersion} is already served; publish the new model under a new version so users move to it.");
        }

        var (served, rollover) = AlignToServed(model, align);
        var directory = Path.GetFullPath(options.Value.ModelDirectory);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"model-v{model.ModelVersion}-{Guid.NewGuid():N}.orm");
        if (ReferenceEquals(served, model))
        {
            await File.WriteAllBytesAsync(path, modelFile);
        }
        else
        {
            ItemModelFile.Write(path, served);
        }

        ModelRolloverFile.Write(path, rollover);
        var previous = state.State.PublishedModelPath;
        state.State.PublishedModelPath = path;
        try
        {
            Load();
            KeepUpsertsOfThisModel();
            state.State.ItemsRevision++;
            await CommitChangeAsync();
        }
        catch
        {
            state.State.PublishedModelPath = previous;
            Load();
            throw;
        }

        LogPublished(logger, model.ModelVersion, model.Items.Count, path);
        return Info();
    }

    /// <inheritdoc />
    public async Task RemoveItemAsync(string itemId)
    {
        if (Array.IndexOf(Current.ItemIds, itemId) < 0)
        {
            throw new KeyNotFoundException($"Unknown item id '{itemId}' in catalog version {Loaded.ModelVersion}.");
        }

        if (state.State.Unavailable.Add(itemId))
        {
            await CommitChangeAsync();
        }
    }

    /// <inheritdoc />
    public async Task<CatalogInfo> ReloadAsync()
    {
        Load();
        KeepUpsertsOfThisModel();
        state.State.ItemsRevision++;
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

    private CatalogSnapshot Current => _current ??= CatalogUpserts.Apply(Loaded, state.State.Upserts, _towers?.Content) with
    {
        Revision = state.State.Revision, ItemsRevision = state.State.ItemsRevision, UnavailableItemIds = [.. state.State.Unavailable],
    };

    private void Load()
    {
        var path = state.State.PublishedModelPath ?? options.Value.ModelPath;
        _loaded = string.IsNullOrWhiteSpace(path) ? DemoCatalog.Generate(options.Value) : ModelCatalog.Load(path);
        if (state.State.PublishedModelPath is { } published && ModelRolloverFile.TryRead(published) is { } rollover)
        {
            _loaded = _loaded with { Rollover = rollover };
        }

        _towers = ModelCatalog.TowersOf(_loaded);
        _current = null;
    }

    /// <summary>
    /// After a model change, upserts whose vectors belong to the previous model's space are dropped, and so are new items
    /// without a vector when the model has no content tower to place them. Returns true when something was dropped.
    /// </summary>
    private bool KeepUpsertsOfThisModel()
    {
        var s = state.State;
        if (s.Upserts.Count == 0 || s.UpsertsModelVersion == Loaded.ModelVersion)
        {
            s.UpsertsModelVersion = Loaded.ModelVersion;
            return false;
        }

        var known = new HashSet<string>(Loaded.ItemIds, StringComparer.Ordinal);
        var kept = s.Upserts.FindAll(u => u.Vector is null && (_towers?.Content is not null || known.Contains(u.Id)));
        LogUpsertsDropped(logger, s.Upserts.Count - kept.Count, s.UpsertsModelVersion, Loaded.ModelVersion);
        (s.Upserts, s.UpsertsModelVersion) = (kept, Loaded.ModelVersion);
        s.ItemsRevision++;
        _current = null;
        return true;
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
            snapshot.Revision, snapshot.UnavailableItemIds.Length)
        {
            UpsertedItems = state.State.Upserts.Count, HasUserTower = _towers?.User is not null, HasContentTower = _towers?.Content is not null,
            Alignment = snapshot.Rollover?.Alignment,
        };
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

    [LoggerMessage(5, LogLevel.Information, "Published model version {ModelVersion} ({Items} items) from {Path}")]
    private static partial void LogPublished(ILogger logger, long modelVersion, int items, string path);

    [LoggerMessage(3, LogLevel.Information, "Upserted {Items} item(s); {Total} run-time item(s) on top of the model")]
    private static partial void LogUpserted(ILogger logger, int items, int total);

    [LoggerMessage(4, LogLevel.Warning, "Model version changed from {Previous} to {Current}: dropped {Dropped} run-time item(s) whose vectors belonged to the previous model or that no content tower can place")]
    private static partial void LogUpsertsDropped(ILogger logger, int dropped, long previous, long current);

    [LoggerMessage(2, LogLevel.Warning, "Dropped a catalog observer that did not answer: {Reason}")]
    private static partial void LogObserverDropped(ILogger logger, string reason);
}
