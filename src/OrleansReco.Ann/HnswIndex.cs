using OrleansReco.Learning;

namespace OrleansReco.Ann;

/// <summary>
/// Hierarchical navigable small-world graph (Malkov &amp; Yashunin 2016) for maximum-inner-product search on
/// unit vectors: score = dot product, higher is closer.
/// </summary>
/// <remarks>
/// <para><b>Concurrency (hnswlib style).</b> Searches take no lock and never wait for a writer. Writers
/// (<see cref="Add"/>, <see cref="AddRange"/>, <see cref="Update"/>, <see cref="Delete"/>) run concurrently with each other
/// and with searches: a writer edits one neighbour list at a time under that node's striped spin lock, writing the ids
/// before the count, so a concurrent reader sees an old, a new or a mixed list — always of valid nodes — and at worst
/// misses a link for that one search. A new node's own lists on every level are written before any other node links
/// to it, so it is never reachable half-built. A vector being updated in place may be read torn by a concurrent search
/// (its score is then briefly between the old and new one). Growing the arrays, <see cref="Compact"/> and
/// <see cref="Save(Stream)"/> exclude writers (not readers): a reader keeps the storage it started on.
/// Concurrent writes to the same id are not supported.</para>
/// <para><b>Filters and deletions.</b> Deleted nodes stay in the graph for navigation and are skipped in results.
/// A filtered search keeps expanding the beam through rejected nodes until it holds ef accepted ones; if the filter is
/// so selective that the beam starves, it falls back to an exact scan, so it returns k results whenever k items pass.</para>
/// </remarks>
public sealed partial class HnswIndex : IVectorIndex, IDisposable
{
    private readonly HnswOptions _options;
    private readonly double _levelMultiplier;
    private readonly ReaderWriterLockSlim _writeGate = new(LockRecursionPolicy.NoRecursion);
    private readonly Lock _mapLock = new();
    private readonly Lock _entryLock = new();
    private readonly NodeLocks _nodeLocks = new();
    private Dictionary<int, int> _slots;
    private HnswGraph _graph;
    private int _liveCount;
    private int _deletedCount;

    /// <summary>Creates an empty index for vectors of length <paramref name="dimensions"/>.</summary>
    public HnswIndex(int dimensions, HnswOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        _options = options ?? new HnswOptions();
        _options.Validate();
        _levelMultiplier = 1.0 / Math.Log(_options.M);
        var capacity = _options.InitialCapacity;
        _graph = new HnswGraph(dimensions, _options.M, capacity, HnswGraph.UpperCapacityFor(capacity, _options.M));
        _slots = new Dictionary<int, int>(capacity);
    }

    private HnswIndex(HnswOptions options, HnswGraph graph, Dictionary<int, int> slots, int liveCount, int deletedCount)
    {
        _options = options;
        _levelMultiplier = 1.0 / Math.Log(options.M);
        _graph = graph;
        _slots = slots;
        _liveCount = liveCount;
        _deletedCount = deletedCount;
    }

    /// <inheritdoc />
    public int Dimensions => _graph.Dimensions;

    /// <summary>The parameters the index was built with.</summary>
    public HnswOptions Options => _options;

    /// <inheritdoc />
    public int Count => Volatile.Read(ref _liveCount);

    /// <summary>Deleted nodes still held in the graph (removed by <see cref="Compact"/>).</summary>
    public int DeletedCount => Volatile.Read(ref _deletedCount);

    /// <summary>Nodes in the graph, live and deleted.</summary>
    public int NodeCount => Volatile.Read(ref _graph).Count;

    /// <summary>Nodes the current arrays hold before they grow.</summary>
    public int Capacity => Volatile.Read(ref _graph).Capacity;

    /// <summary>Top level of the graph (−1 when empty).</summary>
    public int MaxLevel => HnswGraph.EntryLevel(Volatile.Read(ref _graph.EntryPoint));

    /// <summary>
    /// Bytes of graph structure per node beyond the raw vector floats: neighbour lists of all levels (as allocated),
    /// levels, flags, labels, upper-list offsets, the id map and the node locks.
    /// </summary>
    public double GraphBytesPerVector
    {
        get
        {
            var g = Volatile.Read(ref _graph);
            long mapBytes;
            lock (_mapLock)
            {
                // Dictionary<int,int>: a 16-byte entry and a 4-byte bucket per slot of capacity.
                mapBytes = (long)_slots.EnsureCapacity(0) * 20;
            }

            return g.Count == 0 ? 0 : (double)(g.GraphBytes + mapBytes + NodeLocks.Bytes) / g.Count;
        }
    }

    /// <summary>Builds an index over every item of <paramref name="items"/>, ids = item indices.</summary>
    public static HnswIndex Build(ItemVectors items, HnswOptions? options = null, int degreeOfParallelism = 1)
    {
        ArgumentNullException.ThrowIfNull(items);
        var index = new HnswIndex(items.Dimensions, (options ?? new HnswOptions()) with { InitialCapacity = Math.Max(1, items.Count) });
        var ids = new int[items.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = i;
        }

        index.AddRange(ids, items.All.ToArray(), degreeOfParallelism);
        return index;
    }

    /// <inheritdoc />
    public bool Contains(int id)
    {
        lock (_mapLock)
        {
            return _slots.TryGetValue(id, out var slot) && _graph.Flags[slot] == 0;
        }
    }

    /// <inheritdoc />
    public void Update(int id, ReadOnlySpan<float> vector)
    {
        ValidateVector(vector, nameof(vector));
        _writeGate.EnterReadLock();
        try
        {
            var g = _graph;
            int slot;
            lock (_mapLock)
            {
                if (!_slots.TryGetValue(id, out slot) || g.Flags[slot] != 0)
                {
                    throw new KeyNotFoundException($"Item {id} is not in the index (or is deleted); use Add.");
                }
            }

            var scratch = SearchScratch.Rent(g.Capacity);
            try
            {
                UpdateCore(g, slot, vector, scratch);
            }
            finally
            {
                SearchScratch.Return(scratch);
            }
        }
        finally
        {
            _writeGate.ExitReadLock();
        }
    }

    /// <inheritdoc />
    public bool Delete(int id)
    {
        _writeGate.EnterReadLock();
        try
        {
            lock (_mapLock)
            {
                var g = _graph;
                if (!_slots.TryGetValue(id, out var slot) || (g.Flags[slot] & HnswGraph.DeletedFlag) != 0)
                {
                    return false;
                }

                Volatile.Write(ref g.Flags[slot], (byte)(g.Flags[slot] | HnswGraph.DeletedFlag));
                _liveCount--;
                _deletedCount++;
                return true;
            }
        }
        finally
        {
            _writeGate.ExitReadLock();
        }
    }

    /// <summary>Grows the arrays now so that <paramref name="nodeCapacity"/> nodes fit without further growth.</summary>
    public void EnsureCapacity(int nodeCapacity)
    {
        _writeGate.EnterWriteLock();
        try
        {
            var g = _graph;
            if (g.Capacity < nodeCapacity)
            {
                Volatile.Write(ref _graph, g.Grow(nodeCapacity, Math.Max(g.Upper.Length, HnswGraph.UpperCapacityFor(nodeCapacity, g.M))));
            }
        }
        finally
        {
            _writeGate.ExitWriteLock();
        }
    }

    /// <summary>
    /// Rebuilds the graph from the live items only (deleted nodes are dropped), on <paramref name="degreeOfParallelism"/>
    /// threads. Writers wait meanwhile; searches continue on the old graph until the new one is swapped in.
    /// </summary>
    public void Compact(int degreeOfParallelism = 1)
    {
        _writeGate.EnterWriteLock();
        try
        {
            var g = _graph;
            var live = new int[g.Count - _deletedCount];
            var n = 0;
            for (var slot = 0; slot < g.Count; slot++)
            {
                if ((g.Flags[slot] & HnswGraph.DeletedFlag) == 0)
                {
                    live[n++] = slot;
                }
            }

            var ids = new int[n];
            var vectors = new float[(long)n * g.Dimensions];
            for (var i = 0; i < n; i++)
            {
                ids[i] = g.Labels[live[i]];
                g.VectorSpan(live[i]).CopyTo(vectors.AsSpan(i * g.Dimensions));
            }

            using var fresh = new HnswIndex(g.Dimensions, _options with { InitialCapacity = Math.Max(1, n) });
            fresh.AddRange(ids, vectors, degreeOfParallelism);
            lock (_mapLock)
            {
                _slots = fresh._slots;
                _liveCount = fresh._liveCount;
                _deletedCount = 0;
                Volatile.Write(ref _graph, fresh._graph);
            }
        }
        finally
        {
            _writeGate.ExitWriteLock();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _writeGate.Dispose();

    private void ValidateVector(ReadOnlySpan<float> vector, string name)
    {
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"Vector has {vector.Length} dimensions; the index has {Dimensions}.", name);
        }

        if (!VectorMath.AllFinite(vector))
        {
            throw new ArgumentException("Vector contains NaN or infinite values.", name);
        }
    }

    private void ValidateBatch(ReadOnlySpan<int> ids, ReadOnlySpan<float> vectors)
    {
        if (!VectorMath.AllFinite(vectors))
        {
            throw new ArgumentException("Vectors contain NaN or infinite values.", nameof(vectors));
        }

        var seen = new HashSet<int>(ids.Length);
        lock (_mapLock)
        {
            foreach (var id in ids)
            {
                if (!seen.Add(id))
                {
                    throw new ArgumentException($"Item {id} appears twice in the batch.", nameof(ids));
                }

                if (_slots.TryGetValue(id, out var slot) && _graph.Flags[slot] != HnswGraph.DeletedFlag)
                {
                    throw new ArgumentException($"Item {id} is already in the index; use Update to change its vector.", nameof(ids));
                }
            }
        }
    }
}
