using System.Runtime.CompilerServices;

namespace OrleansReco.Ann;

public sealed partial class HnswIndex
{
    /// <summary>INSERT (Algorithm 1) of a reserved slot whose vector is already written.</summary>
    private void Insert(HnswGraph g, int slot, int level, SearchScratch scratch)
    {
        var entry = Volatile.Read(ref g.EntryPoint);
        if (HnswGraph.EntryLevel(entry) >= level)
        {
            Link(g, slot, level, entry, scratch);
            return;
        }

        // The node will become the top of the graph: one such insert at a time (hnswlib's global lock); rare, ~log_M(n) times.
        lock (_entryLock)
        {
            entry = Volatile.Read(ref g.EntryPoint);
            if (entry != HnswGraph.NoEntryPoint)
            {
                Link(g, slot, level, entry, scratch);
            }

            if (HnswGraph.EntryLevel(entry) < level)
            {
                Volatile.Write(ref g.EntryPoint, HnswGraph.PackEntry(slot, level));
            }
        }
    }

    /// <summary>
    /// INSERT, lines 5–17: greedy descent from the entry point to the node's level, then per level SEARCH-LAYER(efConstruction)
    /// and SELECT-NEIGHBORS-HEURISTIC(M) for the node's own lists; the reverse links come last, so no other node links to a
    /// half-built node. With <paramref name="relink"/> (a moved vector, <see cref="UpdateCore"/>) the node's old neighbours
    /// join the candidates and a list keeps up to its maximum (2·M on level 0), so a small move keeps the node's degree.
    /// </summary>
    private void Link(HnswGraph g, int slot, int level, long entry, SearchScratch scratch, bool relink = false)
    {
        var top = HnswGraph.EntryLevel(entry);
        var highest = Math.Min(level, top);
        scratch.EnsureLinkBuffers(g.M, level, _options.EfConstruction);
        ref var q = ref g.Vector(slot);
        var node = GreedyDescend(g, ref q, HnswGraph.EntryNode(entry), top, level);
        for (var lc = highest; lc >= 0; lc--)
        {
            SearchLayer(g, ref q, node, _options.EfConstruction, lc, filtering: false, filter: null, exclude: slot, budget: int.MaxValue, scratch);
            var found = scratch.Results.DrainBestFirst(scratch.Sorted);
            if (relink)
            {
                found = AddOldNeighbors(g, slot, lc, found, scratch);
            }

            var selected = scratch.Selected.AsSpan(lc * g.MaxLinks0, relink ? g.MaxLinks(lc) : g.M);
            var count = 0;
            if (found > 0)
            {
                node = scratch.Sorted[0].Node;
                count = SelectNeighbors(g, scratch.Sorted.AsSpan(0, found), selected.Length, selected);
                SetLinks(g, slot, lc, selected[..count]);
            }

            scratch.SelectedCounts[lc] = count;
        }

        for (var lc = highest; lc >= 0; lc--)
        {
            var selected = scratch.Selected.AsSpan(lc * g.MaxLinks0, scratch.SelectedCounts[lc]);
            foreach (var neighbor in selected)
            {
                Connect(g, neighbor, slot, lc, scratch);
            }
        }
    }

    /// <summary>Appends the node's pre-update neighbours on <paramref name="level"/> that the search did not find to W (scored against the new vector), best first.</summary>
    private static int AddOldNeighbors(HnswGraph g, int slot, int level, int found, SearchScratch scratch)
    {
        var stride = g.MaxLinks0 + 1;
        var old = scratch.OldLinks.AsSpan(level * stride, stride);
        var sorted = scratch.Sorted;
        var tag = scratch.NextTag();
        var visited = scratch.Visited;
        for (var i = 0; i < found; i++)
        {
            visited[sorted[i].Node] = tag;
        }

        ref var q = ref g.Vector(slot);
        foreach (var neighbor in old.Slice(1, old[0]))
        {
            if (neighbor != slot && visited[neighbor] != tag)
            {
                visited[neighbor] = tag;
                sorted[found++] = new ScoredNode(DotProduct.Compute(ref q, ref g.Vector(neighbor), g.Dimensions), neighbor);
            }
        }

        SortBestFirst(sorted.AsSpan(0, found));
        return found;
    }

    /// <summary>
    /// SELECT-NEIGHBORS-HEURISTIC (Algorithm 4, as hnswlib: no extendCandidates, no keepPrunedConnections): walks the
    /// candidates best first and keeps one only if it is closer to the base node than to every neighbour kept so far.
    /// Fewer than <paramref name="m"/> candidates are all kept.
    /// </summary>
    private static int SelectNeighbors(HnswGraph g, ReadOnlySpan<ScoredNode> candidatesBestFirst, int m, Span<int> selected)
    {
        if (candidatesBestFirst.Length < m)
        {
            for (var i = 0; i < candidatesBestFirst.Length; i++)
            {
                selected[i] = candidatesBestFirst[i].Node;
            }

            return candidatesBestFirst.Length;
        }

        var d = g.Dimensions;
        var count = 0;
        foreach (var candidate in candidatesBestFirst)
        {
            ref var v = ref g.Vector(candidate.Node);
            var keep = true;
            for (var j = 0; j < count; j++)
            {
                if (DotProduct.Compute(ref v, ref g.Vector(selected[j]), d) > candidate.Score)
                {
                    keep = false;
                    break;
                }
            }

            if (keep)
            {
                selected[count++] = candidate.Node;
                if (count == m)
                {
                    break;
                }
            }
        }

        return count;
    }

    /// <summary>
    /// Adds the reverse link <paramref name="node"/> → <paramref name="newNeighbor"/> (INSERT, lines 11–16); a full list is
    /// shrunk back to its maximum with SELECT-NEIGHBORS-HEURISTIC over its links ∪ {newNeighbor}.
    /// </summary>
    private void Connect(HnswGraph g, int node, int newNeighbor, int level, SearchScratch scratch)
    {
        var maxLinks = g.MaxLinks(level);
        var d = g.Dimensions;
        _nodeLocks.Enter(node);
        try
        {
            ref var list = ref g.Links(node, level);
            var n = Math.Min(list, maxLinks);
            for (var j = 1; j <= n; j++)
            {
                if (Unsafe.Add(ref list, j) == newNeighbor)
                {
                    return;
                }
            }

            if (n < maxLinks)
            {
                Unsafe.Add(ref list, n + 1) = newNeighbor;
                Volatile.Write(ref list, n + 1);
                return;
            }

            ref var v = ref g.Vector(node);
            var pool = scratch.Pool.AsSpan(0, n + 1);
            for (var j = 0; j < n; j++)
            {
                var other = Unsafe.Add(ref list, j + 1);
                pool[j] = new ScoredNode(DotProduct.Compute(ref v, ref g.Vector(other), d), other);
            }

            pool[n] = new ScoredNode(DotProduct.Compute(ref v, ref g.Vector(newNeighbor), d), newNeighbor);
            SortBestFirst(pool);
            var chosen = scratch.Chosen.AsSpan(0, maxLinks);
            var count = SelectNeighbors(g, pool, maxLinks, chosen);
            WriteList(ref list, chosen[..count]);
        }
        finally
        {
            _nodeLocks.Exit(node);
        }
    }

    /// <summary>Replaces a node's list at <paramref name="level"/> under its lock.</summary>
    private void SetLinks(HnswGraph g, int node, int level, ReadOnlySpan<int> neighbors)
    {
        _nodeLocks.Enter(node);
        try
        {
            WriteList(ref g.Links(node, level), neighbors);
        }
        finally
        {
            _nodeLocks.Exit(node);
        }
    }

    /// <summary>Ids first, count last, so a concurrent reader never reads past the valid ids of either version.</summary>
    private static void WriteList(ref int list, ReadOnlySpan<int> neighbors)
    {
        for (var j = 0; j < neighbors.Length; j++)
        {
            Unsafe.Add(ref list, j + 1) = neighbors[j];
        }

        Volatile.Write(ref list, neighbors.Length);
    }

    /// <summary>Insertion sort, best score first, ties by node (lists are ≤ 4·M long).</summary>
    private static void SortBestFirst(Span<ScoredNode> items)
    {
        for (var i = 1; i < items.Length; i++)
        {
            var item = items[i];
            var j = i - 1;
            while (j >= 0 && (items[j].Score < item.Score || (items[j].Score == item.Score && items[j].Node > item.Node)))
            {
                items[j + 1] = items[j];
                j--;
            }

            items[j + 1] = item;
        }
    }
}
