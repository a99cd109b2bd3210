namespace OrleansReco.Ann;

public sealed partial class HnswIndex
{
    /// <summary>Writes a snapshot (format in <see cref="HnswSnapshot"/>); writers wait meanwhile, searches do not.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _writeGate.EnterWriteLock();
        try
        {
            HnswSnapshot.Write(stream, _options, _graph, _deletedCount);
        }
        finally
        {
            _writeGate.ExitWriteLock();
        }
    }

    /// <summary>Writes a snapshot to <paramref name="path"/> atomically (a temporary file renamed over it).</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            Save(stream);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a snapshot; throws <see cref="InvalidDataException"/> saying what is wrong with a corrupt, truncated or foreign stream.</summary>
    public static HnswIndex Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (options, graph, deleted) = HnswSnapshot.Read(stream);
        var slots = CheckGraph(graph, deleted);
        return new HnswIndex(options with { InitialCapacity = graph.Capacity }, graph, slots, graph.Count - deleted, deleted);
    }

    /// <summary>Reads a snapshot file written by <see cref="Save(string)"/>.</summary>
    public static HnswIndex Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Load(stream);
    }

    /// <summary>Checks what the checksum cannot (a well-formed file from a buggy writer): every id a search may follow is in range.</summary>
    private static Dictionary<int, int> CheckGraph(HnswGraph g, int deleted)
    {
        var n = g.Count;
        var entryNode = HnswGraph.EntryNode(g.EntryPoint);
        var entryLevel = HnswGraph.EntryLevel(g.EntryPoint);
        if (n == 0 ? g.EntryPoint != HnswGraph.NoEntryPoint : (uint)entryNode >= (uint)n || g.Levels[entryNode] != entryLevel)
        {
            throw Inconsistent($"entry point {entryNode} at level {entryLevel} does not match the {n} nodes");
        }

        var slots = new Dictionary<int, int>(n);
        var deletedSeen = 0;
        for (var node = 0; node < n; node++)
        {
            int level = g.Levels[node];
            if (level > entryLevel || g.Flags[node] > HnswGraph.DeletedFlag)
            {
                throw Inconsistent($"node {node} has level {level} (top {entryLevel}) and flags {g.Flags[node]}");
            }

            if (level > 0 && ((long)g.UpperOffsets[node] < 0 || (long)g.UpperOffsets[node] + ((long)level * g.UpperStride) > g.UpperUsed))
            {
                throw Inconsistent($"node {node}'s upper lists lie outside the {g.UpperUsed} stored ints");
            }

            for (var level2 = 0; level2 <= level; level2++)
            {
                CheckList(g, node, level2);
            }

            if (!slots.TryAdd(g.Labels[node], node))
            {
                throw Inconsistent($"item id {g.Labels[node]} appears twice");
            }

            deletedSeen += g.Flags[node];
        }

        if (deletedSeen != deleted)
        {
            throw Inconsistent($"{deletedSeen} nodes are flagged deleted, the header says {deleted}");
        }

        return slots;
    }

    private static void CheckList(HnswGraph g, int node, int level)
    {
        ref var list = ref g.Links(node, level);
        if ((uint)list > (uint)g.MaxLinks(level))
        {
            throw Inconsistent($"node {node} has {list} links at level {level}");
        }

        for (var j = 1; j <= list; j++)
        {
            var neighbor = System.Runtime.CompilerServices.Unsafe.Add(ref list, j);
            if ((uint)neighbor >= (uint)g.Count || g.Levels[neighbor] < level)
            {
                throw Inconsistent($"node {node} links to {neighbor} at level {level}");
            }
        }
    }

    private static InvalidDataException Inconsistent(string what) => new($"HNSW snapshot is inconsistent: {what}.");
}
