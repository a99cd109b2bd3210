namespace OrleansReco.Abstractions;

/// <summary>The item catalog authority (key 0): loads a model file or a seeded demo catalog and serves its current version.</summary>
public interface ICatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Returns the current catalog version with its item vectors.</summary>
    Task<CatalogSnapshot> GetSnapshotAsync();

    /// <summary>Returns a summary of the current catalog.</summary>
    Task<CatalogInfo> GetInfoAsync();

    /// <summary>Marks an item available or not (out of stock, withdrawn); every silo is notified.</summary>
    Task SetAvailabilityAsync(string itemId, bool available);

    /// <summary>
    /// Adds items or changes existing ones (title, categories, vector) and notifies every silo. An item without a vector
    /// is placed by the model's content tower. The whole call is validated first; <see cref="ArgumentException"/> names
    /// the offending item and nothing changes.
    /// </summary>
    Task<CatalogInfo> UpsertItemsAsync(IReadOnlyList<CatalogItem> items);

    /// <summary>
    /// Publishes a trained model file (the bytes of a <c>.orm</c> file): checked whole (a corrupt, truncated or
    /// inconsistent file throws <see cref="System.IO.InvalidDataException"/> and nothing changes), kept in the model
    /// directory, aligned to the model served now (see the overload), served from now on (also after restarts), and every
    /// silo is notified. Users move to it on their next call.
    /// </summary>
    Task<CatalogInfo> PublishModelAsync(byte[] modelFile);

    /// <summary>
    /// <see cref="PublishModelAsync(byte[])"/> with the alignment choice: with <paramref name="align"/> the new model's item
    /// vectors and tower outputs are rotated (orthogonal Procrustes over the items both models share) into the space of the
    /// model served now, so users keep what they learned; without it, or when too few items are shared, users re-learn
    /// from their replay buffers. <see cref="CatalogInfo.Alignment"/> says what happened. A model whose version is
    /// already served throws <see cref="System.IO.InvalidDataException"/>.
    /// </summary>
    Task<CatalogInfo> PublishModelAsync(byte[] modelFile, bool align);

    /// <summary>
    /// Withdraws an item: it is never recommended or listed as available again (its id stays reserved until the next model,
    /// so users' learned state keeps its meaning). Unknown ids throw <see cref="KeyNotFoundException"/>.
    /// </summary>
    Task RemoveItemAsync(string itemId);

    /// <summary>Re-reads the configured model file (or regenerates the demo catalog) and notifies every silo.</summary>
    Task<CatalogInfo> ReloadAsync();

    /// <summary>Registers a silo's observer for change notifications (re-subscribe periodically).</summary>
    Task SubscribeAsync(ICatalogObserver observer);
}

/// <summary>Told when the catalog changes (new model version or item availability).</summary>
public interface ICatalogObserver : IGrainObserver
{
    /// <summary>The catalog now has <paramref name="modelVersion"/> at <paramref name="revision"/>.</summary>
    Task CatalogChangedAsync(long modelVersion, long revision);
}
