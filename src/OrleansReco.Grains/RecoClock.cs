namespace OrleansReco.Grains;

/// <summary>
/// The clock grains read event time against (recency decay, timestamp validation). Separate from the
/// silo's <see cref="TimeProvider"/> so a replay can run the grains in the data set's time without moving
/// Orleans' own timers.
/// </summary>
public sealed class RecoClock(TimeProvider time)
{
    /// <summary>The wall clock.</summary>
    public static RecoClock System { get; } = new(TimeProvider.System);

    /// <summary>Current time.</summary>
    public DateTimeOffset UtcNow => time.GetUtcNow();
}
