using System.Runtime.CompilerServices;

namespace OrleansReco.Ann;

public sealed partial class HnswIndex
{
    /// <summary>
    /// In-place update (after hnswlib's updatePoint/repairConnectionsForUpdate): (1) remember the node's lists on every
    /// level, (2) move the vector, (3) re-link the node from the entry point as INSERT does, with its old neighbours added
    /// to the candidates and each list allowed its maximum size (2·M on level 0), so a small move keeps the node's
    /// neighbourhood and degree; reverse links are added (pruned by the heuristic when full); (4) repair every old
    /// neighbour that still links to the node (<see cref="RepairStaleLink"/>): its stale link wasted a slot, and the
    /// heuristic had pruned links the node used to cover, which cost recall at small ef. Lists keep their size: a plain
    /// heuristic re-selection (hnswlib) shrinks them, which was measured to cost recall here.
    /// </summary>
    private void UpdateCore(HnswGraph g, int slot, ReadOnlySpan<float> vector, SearchScratch scratch)
    {
        int level = g.Levels[slot];
        scratch.EnsureLinkBuffers(g.M, level, _options.EfConstruction);
        var stride = g.MaxLinks0 + 1;
        for (var lc = 0; lc <= level; lc++)
        {
            CopyLinks(g, slot, lc, scratch.OldLinks.AsSpan(lc * stride, stride));
        }

        vector.CopyTo(g.VectorSpan(slot));
        Link(g, slot, level, Volatile.Read(ref g.EntryPoint), scratch, relink: true);
        for (var lc = 0; lc <= level; lc++)
        {
            var old = scratch.OldLinks.AsSpan(lc * stride, stride);
            var oldNeighbors = old.Slice(1, old[0]);
            foreach (var neighbor in oldNeighbors)
            {
                RepairStaleLink(g, neighbor, slot, lc, oldNeighbors, scratch);
            }
        }
    }

    /// <summary>
    /// If <paramref name="node"/> still links to the moved node, re-selects its list from its links (the moved node scored
    /// at its new place) ∪ the moved node's old neighbours (they fill the region the moved node left): the heuristic,
    /// capped at the list's current size, then the best pruned candidates up to that size (keepPrunedConnections), so
    /// the degree stays the same.
    /// </summary>
    private void RepairStaleLink(HnswGraph g, int node, int moved, int level, ReadOnlySpan<int> oldNeighbors, SearchScratch scratch)
    {
        var d = g.Dimensions;
        _nodeLocks.Enter(node);
        try
        {
            ref var list = ref g.Links(node, level);
            var n = Math.Min(list, g.MaxLinks(level));
            var stale = false;
            for (var j = 1; j <= n; j++)
            {
                stale |= Unsafe.Add(ref list, j) == moved;
            }

            if (!stale)
            {
                return;
            }

            var tag = scratch.NextTag();
            var visited = scratch.Visited;
            visited[node] = tag;
            ref var v = ref g.Vector(node);
            var pool = scratch.Pool;
            var count = 0;
            for (var j = 1; j <= n; j++)
            {
                var other = Unsafe.Add(ref list, j);
                visited[other] = tag;
                pool[count++] = new ScoredNode(DotProduct.Compute(ref v, ref g.Vector(other), d), other);
            }

            foreach (var other in oldNeighbors)
            {
                if (visited[other] != tag)
                {
                    visited[other] = tag;
                    pool[count++] = new ScoredNode(DotProduct.Compute(ref v, ref g.Vector(other), d), other);
                }
            }

            var candidates = pool.AsSpan(0, count);
            SortBestFirst(candidates);
            var chosen = scratch.Chosen.AsSpan(0, n);
            var kept = SelectNeighbors(g, candidates, n, chosen);
            for (var i = 0; kept < n; i++)
            {
                if (!chosen[..kept].Contains(candidates[i].Node))
                {
                    chosen[kept++] = candidates[i].Node;
                }
            }

            WriteList(ref list, chosen);
        }
        finally
        {
            _nodeLocks.Exit(node);
        }
    }

    /// <summary>Copies a node's list (count first) under its lock.</summary>
    private void CopyLinks(HnswGraph g, int node, int level, Span<int> destination)
    {
        _nodeLocks.Enter(node);
        try
        {
            ref var list = ref g.Links(node, level);
            var n = Math.Min(list, g.MaxLinks(level));
            destination[0] = n;
            for (var j = 1; j <= n; j++)
            {
                destination[j] = Unsafe.Add(ref list, j);
            }
        }
        finally
        {
            _nodeLocks.Exit(node);
        }
    }
}
