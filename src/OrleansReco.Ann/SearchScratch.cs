namespace OrleansReco.Ann;

/// <summary>
/// Per-thread reusable state of a search or insert: the generation-stamped visited set, both heaps and the
/// small buffers of neighbour selection. Rented from a [ThreadStatic] slot, so a search allocates nothing;
/// a nested rent on the same thread (e.g. a filter that itself searches) gets a fresh instance.
/// </summary>
internal sealed class SearchScratch
{
    [ThreadStatic]
    private static SearchScratch? _cached;

    private ushort _tag;

    /// <summary>Visited stamps per node: a node is visited in this search when its stamp equals the current tag.</summary>
    public ushort[] Visited { get; private set; } = [];

    public CandidateHeap Candidates { get; } = new();

    public ResultHeap Results { get; } = new();

    /// <summary>W of a layer search, best first (plus the old neighbours of a re-linked node).</summary>
    public ScoredNode[] Sorted { get; private set; } = new ScoredNode[256];

    /// <summary>Candidates of a neighbour-list prune or repair: a list plus up to 2·M more.</summary>
    public ScoredNode[] Pool { get; private set; } = [];

    /// <summary>Output of SELECT-NEIGHBORS-HEURISTIC for a prune.</summary>
    public int[] Chosen { get; private set; } = [];

    /// <summary>Selected neighbours of the node being linked, room for 2·M per level.</summary>
    public int[] Selected { get; private set; } = [];

    /// <summary>Selected-neighbour counts per level.</summary>
    public int[] SelectedCounts { get; private set; } = [];

    /// <summary>Old neighbour lists of a node being updated, 2·M per level, count first.</summary>
    public int[] OldLinks { get; private set; } = [];

    public static SearchScratch Rent(int nodeCapacity)
    {
        var scratch = _cached ?? new SearchScratch();
        _cached = null;
        if (scratch.Visited.Length < nodeCapacity)
        {
            // Pinned: the search loop prefetches stamps through their address.
            scratch.Visited = GC.AllocateArray<ushort>(nodeCapacity + (nodeCapacity >> 3), pinned: true);
        }

        return scratch;
    }

    public static void Return(SearchScratch scratch) => _cached = scratch;

    /// <summary>Starts a new visited generation; clears the stamps only when the 16-bit tag wraps.</summary>
    public ushort NextTag()
    {
        if (++_tag == 0)
        {
            Array.Clear(Visited);
            _tag = 1;
        }

        return _tag;
    }

    /// <summary>Sizes the selection buffers for a graph with <paramref name="m"/> and levels 0..<paramref name="maxLevel"/>.</summary>
    public void EnsureLinkBuffers(int m, int maxLevel, int sortedLength)
    {
        var levels = maxLevel + 1;
        var maxLinks0 = 2 * m;
        if (Pool.Length < 2 * maxLinks0)
        {
            Pool = new ScoredNode[2 * maxLinks0];
            Chosen = new int[maxLinks0];
        }

        if (Selected.Length < levels * maxLinks0 || OldLinks.Length < levels * (maxLinks0 + 1))
        {
            Selected = new int[levels * maxLinks0];
            SelectedCounts = new int[levels];
            OldLinks = new int[levels * (maxLinks0 + 1)];
        }

        if (Sorted.Length < sortedLength + maxLinks0)
        {
            Sorted = new ScoredNode[sortedLength + maxLinks0];
        }
    }
}
