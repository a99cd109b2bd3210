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
    : ILifecycleParticipant<ISiloLifecycle>, ICatalogObserver
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(CatalogSubscription), ServiceLifecycleStage.Active, Start, Stop);

    /// <inheritdoc />
    public Task CatalogChangedAsync(long modelVersion, long revision)
    {
        _ = Task.Run(RefreshQuietlyAsync);
        return Task.CompletedTask;
    }

    private Task Start(CancellationToken cancellationToken)
    {
        _loop = Task.Run(LoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task LoopAsync()
    {
        var reference = grains.CreateObjectReference<ICatalogObserver>(this);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.ResubscribeSeconds));
        do
        {
            try
            {
                await grains.GetGrain<ICatalogGrain>(0).SubscribeAsync(reference);
                await replica.RefreshAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSubscribeFailed(logger, e.Message);
            }
        }
        while (await NextTickAsync(timer));
    }

    private async Task<bool> NextTickAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
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
