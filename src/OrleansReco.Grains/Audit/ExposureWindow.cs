using OrleansReco.Abstractions;
using OrleansReco.Learning.Audit;

namespace OrleansReco.Grains.Audit;

/// <summary>
/// The audit grain's memory: a ring of time slots holding exposure counts (a slot older than the window is cleared when
/// its position comes round again), and decayed positive-interaction counts per item that define popularity.
/// </summary>
public sealed class ExposureWindow(AuditOptions options)
{
    /// <summary>Popularity below this is dropped (after about 6.6 half-lives of a single interaction).</summary>
    public const double MinPopularity = 0.01;

    private readonly Slot[] _slots = Enumerable.Range(0, options.WindowSlots).Select(_ => new Slot()).ToArray();
    private readonly long _slotTicks = Math.Max(1, (long)(TimeSpan.FromMinutes(options.WindowMinutes).Ticks / options.WindowSlots));
    private DateTimeOffset _decayedAt = DateTimeOffset.MinValue;

    /// <summary>Decayed positive interactions per item id.</summary>
    public Dictionary<string, double> Popularity { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds one silo's batch at time <paramref name="now"/>.</summary>
    public void Add(ExposureBatch batch, DateTimeOffset now)
    {
        var slot = SlotAt(now);
        slot.Lists += batch.Lists;
        foreach (var (item, count) in batch.Exposures)
        {
            slot.Exposures[item] = slot.Exposures.GetValueOrDefault(item) + count;
        }

        Accumulate(slot.Buckets, batch.BucketExposures);
        foreach (var group in batch.Groups)
        {
            if (!slot.Groups.TryGetValue((group.Dimension, group.Group), out var counts))
            {
                slot.Groups[(group.Dimension, group.Group)] = counts = new GroupCounts();
            }

            counts.Lists += group.Lists;
            Accumulate(counts.Buckets, group.BucketExposures);
            foreach (var user in group.Users)
            {
                if (counts.Users.Count >= options.MaxUsersPerGroup)
                {
                    break;
                }

                counts.Users.Add(user);
            }
        }

        AddInteractions(batch.Interactions, now);
    }

    /// <summary>The slots inside the window ending at <paramref name="now"/>, and the window's start.</summary>
    public (IReadOnlyList<Slot> Slots, DateTimeOffset Start) Current(DateTimeOffset now)
    {
        var index = now.UtcTicks / _slotTicks;
        var oldest = index - _slots.Length + 1;
        var live = _slots.Where(s => s.Index >= oldest && s.Index <= index).ToList();
        return (live, new DateTimeOffset(Math.Max(0, oldest * _slotTicks), TimeSpan.Zero));
    }

    private Slot SlotAt(DateTimeOffset now)
    {
        var index = now.UtcTicks / _slotTicks;
        var slot = _slots[index % _slots.Length];
        if (slot.Index != index)
        {
            slot.Reset(index);
        }

        return slot;
    }

    private void AddInteractions(Dictionary<string, int> interactions, DateTimeOffset now)
    {
        var hours = (now - _decayedAt).TotalHours;
        if (_decayedAt != DateTimeOffset.MinValue && hours > 0 && Popularity.Count > 0)
        {
            var decay = Math.Pow(0.5, hours / options.PopularityHalfLifeHours);
            foreach (var item in Popularity.Keys.ToArray())
            {
                var value = Popularity[item] * decay;
                if (value < MinPopularity)
                {
                    Popularity.Remove(item);
                }
                else
                {
                    Popularity[item] = value;
                }
            }
        }

        if (hours > 0 || _decayedAt == DateTimeOffset.MinValue)
        {
            _decayedAt = now;
        }

        foreach (var (item, count) in interactions)
        {
            Popularity[item] = Popularity.GetValueOrDefault(item) + count;
        }
    }

    private static void Accumulate(long[] into, long[] from)
    {
        for (var b = 0; b < into.Length && b < from.Length; b++)
        {
            into[b] += from[b];
        }
    }

    /// <summary>One demographic group's counts in a slot.</summary>
    public sealed class GroupCounts
    {
        /// <summary>Lists shown.</summary>
        public long Lists { get; set; }

        /// <summary>Exposures per popularity bucket.</summary>
        public long[] Buckets { get; } = new long[PopularityDeciles.Buckets];

        /// <summary>Distinct users (hashed ids), capped.</summary>
        public HashSet<ulong> Users { get; } = [];
    }

    /// <summary>One time slot of the ring.</summary>
    public sealed class Slot
    {
        /// <summary>Slot number since the epoch (time / slot length); −1 when unused.</summary>
        public long Index { get; private set; } = -1;

        /// <summary>Lists shown.</summary>
        public long Lists { get; set; }

        /// <summary>Exposures per item id.</summary>
        public Dictionary<string, long> Exposures { get; } = new(StringComparer.Ordinal);

        /// <summary>Exposures per popularity bucket.</summary>
        public long[] Buckets { get; } = new long[PopularityDeciles.Buckets];

        /// <summary>Per (dimension, group).</summary>
        public Dictionary<(string Dimension, string Group), GroupCounts> Groups { get; } = [];

        /// <summary>Empties the slot for slot number <paramref name="index"/>.</summary>
        public void Reset(long index)
        {
            Index = index;
            Lists = 0;
            Exposures.Clear();
            Array.Clear(Buckets);
            Groups.Clear();
        }
    }
}
