namespace OrleansReco.Training.Streaming.Grains;

/// <summary>
/// The silo's clock during a replay: it shows the time of the event being replayed, so recency decay and
/// timestamp validation in the grains see the data set's time, not today's.
/// </summary>
public sealed class ReplayClock : TimeProvider
{
    private long _unixSeconds;

    /// <summary>Moves the clock to <paramref name="unixSeconds"/>.</summary>
    public void Set(long unixSeconds) => Interlocked.Exchange(ref _unixSeconds, unixSeconds);

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeSeconds(Interlocked.Read(ref _unixSeconds));
}
