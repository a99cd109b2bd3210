using System.Runtime.CompilerServices;

namespace OrleansReco.Ann;

public sealed partial class HnswIndex
{
    /// <summary>
    /// In-place update (after hnswlib's updatePoint/repairConnectionsForUpdate): (1) remember the node's lists on every
    /// level, (2) move the vector, (3) re-link the node from the entry point as INSERT does, with its old neighbours added
    /// to the candidates and each list allowed its maximum size (2·M on level 0), so a small move keeps the node's
    /// neighbourhood and degree; reverse links are added (pruned by the heuristic when full). Links other nodes hold to
    /// the moved node stay: they still lead near it. (Re-selecting the old neighbours' lists, as hnswlib also does, was
    /// measured to cost recall here: each heuristic re-selection shrinks a list.)
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
