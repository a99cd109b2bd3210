using OrleansReco.Learning;

namespace OrleansReco.Ann;

public sealed partial class HnswIndex
{
    /// <inheritdoc />
    public void Add(int id, ReadOnlySpan<float> vector)
    {
        ValidateVector(vector, nameof(vector));
        AddCore(id, vector);
    }

    /// <summary>
    /// Adds many items (<paramref name="vectors"/> row-major, one row per id) on <paramref name="degreeOfParallelism"/>
    /// threads; <paramref name="progress"/> receives the number of items done, about every 1 %.
    /// </summary>
    public void AddRange(ReadOnlyMemory<int> ids, ReadOnlyMemory<float> vectors, int degreeOfParallelism = 1, IProgress<int>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreeOfParallelism, 1);
        var d = Dimensions;
        var n = ids.Length;
        if ((long)n * d != vectors.Length)
        {
            throw new ArgumentException($"Expected {n} × {d} = {(long)n * d} floats for {n} ids, got {vectors.Length}.", nameof(vectors));
        }

        ValidateBatch(ids.Span, vectors.Span);
        var needed = NodeCount + n;
        if (needed > Capacity)
        {
            EnsureCapacity(Math.Max(needed, Capacity + (Capacity / 2)));
        }

        var step = Math.Max(1, n / 100);
        var next = -1;
        var done = 0;
        void Work()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < n)
            {
                AddCore(ids.Span[i], vectors.Span.Slice(i * d, d));
                var finished = Interlocked.Increment(ref done);
                if (progress is not null && finished % step == 0)
                {
                    progress.Report(finished);
                }
            }
        }

        if (degreeOfParallelism == 1 || n < 2 * degreeOfParallelism)
        {
            Work();
        }
        else
        {
            Parallel.For(0, degreeOfParallelism, new ParallelOptions { MaxDegreeOfParallelism = degreeOfParallelism }, _ => Work());
        }
    }

    private void AddCore(int id, ReadOnlySpan<float> vector)
    {
        while (true)
        {
            var upperNeeded = 0;
            _writeGate.EnterReadLock();
            try
            {
                var g = _graph;
                var reservation = Reserve(g, id, out var slot, out var level);
                if (reservation != Reservation.NeedsGrowth)
                {
                    var scratch = SearchScratch.Rent(g.Capacity);
                    try
                    {
                        if (reservation == Reservation.New)
                        {
                            vector.CopyTo(g.VectorSpan(slot));
                            Insert(g, slot, level, scratch);
                        }
                        else
                        {
                            UpdateCore(g, slot, vector, scratch);
                        }
                    }
                    finally
                    {
                        SearchScratch.Return(scratch);
                    }

                    Publish(g, slot, revived: reservation == Reservation.Revive);
                    return;
                }

                upperNeeded = level * g.UpperStride;
            }
            finally
            {
                _writeGate.ExitReadLock();
            }

            Grow(upperNeeded);
        }
    }

    /// <summary>Claims a slot for a new id (or a deleted one to revive) under the map lock.</summary>
    private Reservation Reserve(HnswGraph g, int id, out int slot, out int level)
    {
        lock (_mapLock)
        {
            if (_slots.TryGetValue(id, out slot))
            {
                level = g.Levels[slot];
                if (g.Flags[slot] != HnswGraph.DeletedFlag)
                {
                    throw new ArgumentException($"Item {id} is already in the index; use Update to change its vector.", nameof(id));
                }

                g.Flags[slot] = HnswGraph.DeletedFlag | HnswGraph.PendingFlag;
                return Reservation.Revive;
            }

            slot = g.Count;
            level = DrawLevel(slot);
            var upperNeeded = level * g.UpperStride;
            if (slot == g.Capacity || g.UpperUsed + upperNeeded > g.Upper.Length)
            {
                return Reservation.NeedsGrowth;
            }

            g.Labels[slot] = id;
            g.Levels[slot] = (byte)level;
            g.Flags[slot] = HnswGraph.PendingFlag;
            g.UpperOffsets[slot] = g.UpperUsed;
            g.UpperUsed += upperNeeded;
            g.Count = slot + 1;
            _slots[id] = slot;
            return Reservation.New;
        }
    }

    /// <summary>
    /// Makes a freshly linked or revived node visible in results. A new node deleted while it was being inserted stays
    /// deleted (Delete already counted it); a revived node was deleted until now.
    /// </summary>
    private void Publish(HnswGraph g, int slot, bool revived)
    {
        lock (_mapLock)
        {
            if (revived)
            {
                _deletedCount--;
                Volatile.Write(ref g.Flags[slot], 0);
            }
            else
            {
                Volatile.Write(ref g.Flags[slot], (byte)(g.Flags[slot] & ~HnswGraph.PendingFlag));
            }

            _liveCount++;
        }
    }

    private void Grow(int upperNeeded)
    {
        _writeGate.EnterWriteLock();
        try
        {
            var g = _graph;
            var capacity = g.Count < g.Capacity ? g.Capacity : g.Capacity + Math.Max(16, g.Capacity / 2);
            var upper = Math.Max(g.Upper.Length, HnswGraph.UpperCapacityFor(capacity, g.M));
            if (g.UpperUsed + upperNeeded > upper)
            {
                upper = g.UpperUsed + upperNeeded + (upper / 2);
            }

            if (capacity != g.Capacity || upper != g.Upper.Length)
            {
                Volatile.Write(ref _graph, g.Grow(capacity, upper));
            }
        }
        finally
        {
            _writeGate.ExitWriteLock();
        }
    }

    /// <summary>Level of a node: ⌊−ln U · mL⌋ with mL = 1/ln M, U drawn from the seed and the slot (so builds are reproducible).</summary>
    private int DrawLevel(int slot)
    {
        var random = new DeterministicRandom(_options.Seed ^ ((ulong)(uint)slot * 0x9E3779B97F4A7C15UL));
        var uniform = ((random.NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));
        return (int)Math.Min(HnswGraph.MaxLevel, Math.Floor(-Math.Log(uniform) * _levelMultiplier));
    }

    private enum Reservation
    {
        New,
        Revive,
        NeedsGrowth,
    }
}
