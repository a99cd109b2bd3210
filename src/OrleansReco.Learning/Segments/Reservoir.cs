namespace OrleansReco.Learning.Segments;

/// <summary>
/// Reservoir sampling (Vitter's algorithm R): after <c>seen</c> arrivals every arrival is in a reservoir of
/// <c>capacity</c> slots with the same probability capacity / seen, in O(1) per arrival and bounded memory.
/// </summary>
public static class Reservoir
{
    /// <summary>
    /// The slot the <paramref name="seen"/>-th arrival (1-based) goes to, or −1 to drop it: the next free slot while
    /// <paramref name="count"/> &lt; <paramref name="capacity"/>, else a uniform slot with probability capacity / seen.
    /// </summary>
    public static int Slot(long seen, int count, int capacity, ref DeterministicRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        if (count < capacity)
        {
            return count;
        }

        var draw = (long)(random.NextUInt64() % (ulong)Math.Max(1, seen));
        return draw < capacity ? (int)draw : -1;
    }
}
