namespace OrleansReco.Learning;

/// <summary>
/// Fixed-capacity ring of a user's recent positive interactions (item index, weight, timestamp).
/// The oldest entry is overwritten when full. Arrays are public for persistence; treat them as owned.
/// Compact per entry (10 bytes): weights are half precision, timestamps unsigned seconds since the Unix epoch
/// (1970 to 2106; earlier times are stored as the epoch, later ones as the last second).
/// </summary>
public sealed class ReplayBuffer
{
    /// <summary>Creates an empty buffer holding at most <paramref name="capacity"/> entries.</summary>
    public ReplayBuffer(int capacity)
        : this(new int[capacity], new Half[capacity], new uint[capacity], head: 0, count: 0)
    {
    }

    /// <summary>Restores a buffer from persisted arrays.</summary>
    public ReplayBuffer(int[] items, Half[] weights, uint[] timestamps, int head, int count)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(timestamps);
        if (weights.Length != items.Length || timestamps.Length != items.Length)
        {
            throw new ArgumentException("Replay arrays must have the same length.");
        }

        if ((uint)count > (uint)items.Length || (uint)head >= (uint)Math.Max(1, items.Length))
        {
            throw new ArgumentOutOfRangeException(nameof(count), "Replay head/count are outside the buffer.");
        }

        Items = items;
        Weights = weights;
        Timestamps = timestamps;
        Head = head;
        Count = count;
    }

    /// <summary>Item indices, ring order.</summary>
    public int[] Items { get; }

    /// <summary>Interaction weights, ring order.</summary>
    public Half[] Weights { get; }

    /// <summary>Unix timestamps in seconds, ring order.</summary>
    public uint[] Timestamps { get; }

    /// <summary>Slot the next entry is written to.</summary>
    public int Head { get; private set; }

    /// <summary>Entries held.</summary>
    public int Count { get; private set; }

    /// <summary>Maximum entries held.</summary>
    public int Capacity => Items.Length;

    /// <summary>Appends an entry, overwriting the oldest when full.</summary>
    public void Add(int item, float weight, long timestamp)
    {
        if (Capacity == 0)
        {
            return;
        }

        Items[Head] = item;
        Weights[Head] = (Half)weight;
        Timestamps[Head] = ToSeconds(timestamp);
        Head = (Head + 1) % Capacity;
        Count = Math.Min(Count + 1, Capacity);
    }

    /// <summary>Weight of the entry in <paramref name="slot"/> (as stored: half precision).</summary>
    public float WeightAt(int slot) => (float)Weights[slot];

    /// <summary>Unix seconds of the entry in <paramref name="slot"/>.</summary>
    public long TimestampAt(int slot) => Timestamps[slot];

    /// <summary>The i-th newest entry (0 = newest).</summary>
    public (int Item, float Weight, long Timestamp) Newest(int i)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)i, (uint)Count, nameof(i));
        var slot = (Head - 1 - i + Capacity) % Capacity;
        return (Items[slot], WeightAt(slot), TimestampAt(slot));
    }

    /// <summary>A uniformly random held entry's slot; the buffer must not be empty.</summary>
    public int SampleSlot(ref DeterministicRandom random)
    {
        if (Count == 0)
        {
            throw new InvalidOperationException("Cannot sample from an empty replay buffer.");
        }

        var i = random.NextInt(Count);
        return (Head - 1 - i + Capacity) % Capacity;
    }

    /// <summary>Removes every entry.</summary>
    public void Clear()
    {
        Head = 0;
        Count = 0;
    }

    /// <summary>Unix seconds clamped to the stored range.</summary>
    public static uint ToSeconds(long unixSeconds) => (uint)Math.Clamp(unixSeconds, 0, uint.MaxValue);
}
