using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansReco.Abstractions;
using OrleansReco.Grains.Catalog;

namespace OrleansReco.Grains.Ranking;

/// <summary>
/// Joins the silo lifecycle: once the silo is active, subscribes this silo's item index replica to catalog
/// notifications and re-subscribes (and checks the version) every <see cref="CatalogOptions.ResubscribeSeconds"/>,
/// which also covers a notification lost while the catalog grain moved.
/// </summary>
public sealed partial class CatalogSubscription(
    IGrainFactory grains, IItemIndexReplica replica, IOptions<CatalogOptions> options, ILogger<CatalogSubscription> logger)
    : SiloLoop, ICatalogObserver
{
    private ICatalogObserver? _reference;

    /// <inheritdoc />
    protected override TimeSpan Period => TimeSpan.FromSeconds(options.Value.ResubscribeSeconds);

    /// <inheritdoc />
    public Task CatalogChangedAsync(long modelVersion, long revision)
    {
        _ = Task.Run(RefreshQuietlyAsync);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override async Task TickAsync()
    {
        try
        {
            _reference ??= grains.CreateObjectReference<ICatalogObserver>(this);
            await grains.GetGrain<ICatalogGrain>(0).SubscribeAsync(_reference);
            await replica.RefreshAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogSubscribeFailed(logger, e.Message);
        }
    }

    private async Task RefreshQuietlyAsync()
    {
        try
        {
            await replica.RefreshAsync();
        }
        catch (Exception e)
        {
            LogSubscribeFailed(logger, e.Message);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Catalog subscription or refresh failed (retrying on the next tick): {Reason}")]
    private static partial void LogSubscribeFailed(ILogger logger, string reason);
}
