namespace OrleansReco.Grains;

/// <summary>
/// A background loop of a silo service: starts when the silo is active, ticks every <see cref="Period"/>, and stops
/// (waiting for the current tick) when the silo stops. A failing tick is the subclass's to log; the loop goes on.
/// </summary>
public abstract class SiloLoop : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>Time between ticks.</summary>
    protected abstract TimeSpan Period { get; }

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(GetType().Name, ServiceLifecycleStage.Active, Start, Stop);

    /// <summary>One tick; runs at once when the silo is active, then every <see cref="Period"/>.</summary>
    protected abstract Task TickAsync();

    /// <summary>Runs after the last tick when the silo stops.</summary>
    protected virtual Task StoppedAsync() => Task.CompletedTask;

    private Task Start(CancellationToken cancellationToken)
    {
        _loop = Task.Run(LoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await StoppedAsync().WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Period);
        do
        {
            await TickAsync();
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
}
