using OrleansReco.Ann;
using OrleansReco.Learning.Ranking;

namespace OrleansReco.Grains.Ranking;

/// <summary>
/// Per-thread buffers of <see cref="RankingPipeline"/> so that a request allocates nothing but its result:
/// a generation-stamped exclusion array over the catalog and fixed-size candidate arrays. The filter
/// delegates are created once and read the request's state from fields.
/// </summary>
internal sealed class RankingScratch
{
    private int[] _excludedStamp = [];
    private int[] _segmentStamp = [];
    private int[] _segmentSlot = [];
    private int _generation;
    private IndexedCatalog? _catalog;
    private ulong _include;
    private ulong _exclude;
    private long _underExposed;

    public RankingScratch()
    {
        Filter = Passes;
        // The segment's popular items may be well exposed: they are the pool's "popular in your segment" half.
        ExplorationEligible = item => Passes(item) && (SegmentSlot(item) >= 0 || _catalog!.ImpressionsOf(item) < _underExposed);
    }

    public Func<int, bool> Filter { get; }

    public Func<int, bool> ExplorationEligible { get; }

    public ScoredItem[] Candidates { get; private set; } = [];

    public int[] CandidateIds { get; private set; } = [];

    public float[] Relevance { get; private set; } = [];

    public bool[] Boosted { get; private set; } = [];

    /// <summary>Per candidate: it came from the segment source, not the ANN search.</summary>
    public bool[] FromSegment { get; private set; } = [];

    /// <summary>Per segment item: it was among the ANN candidates.</summary>
    public bool[] SegmentSeen { get; private set; } = [];

    public float[] MmrScratch { get; private set; } = [];

    public int[] MmrIntScratch { get; private set; } = [];

    public int[] Positions { get; private set; } = [];

    public int[] Ranked { get; private set; } = [];

    public bool[] Explored { get; private set; } = [];

    public int[] Pool { get; } = new int[64];

    public float[] CategoryBoost { get; } = new float[IndexedCatalog.MaxCategories];

    /// <summary>Starts a request: sizes the buffers and clears the exclusion set in O(1).</summary>
    public void Begin(IndexedCatalog catalog, int candidates, int k, ulong include, ulong exclude, long underExposed)
    {
        if (_excludedStamp.Length < catalog.Catalog.Count)
        {
            (_excludedStamp, _segmentStamp, _segmentSlot) = (new int[catalog.Catalog.Count], new int[catalog.Catalog.Count], new int[catalog.Catalog.Count]);
            _generation = 0;
        }

        if (++_generation == int.MaxValue)
        {
            Array.Clear(_excludedStamp);
            Array.Clear(_segmentStamp);
            _generation = 1;
        }

        (_catalog, _include, _exclude, _underExposed) = (catalog, include, exclude, underExposed);
        var mmrFloats = MaximalMarginalRelevance.ScratchFloats(candidates, catalog.Catalog.Vectors.Dimensions);
        if (Candidates.Length < candidates || MmrScratch.Length < mmrFloats)
        {
            (Candidates, CandidateIds, Relevance, Boosted, MmrScratch, MmrIntScratch) = (new ScoredItem[candidates], new int[candidates],
                new float[candidates], new bool[candidates], new float[mmrFloats], new int[MaximalMarginalRelevance.ScratchInts(candidates)]);
            FromSegment = new bool[candidates];
        }

        if (Positions.Length < k)
        {
            (Positions, Ranked, Explored) = (new int[k], new int[k], new bool[k]);
        }
    }

    public void Exclude(int item) => _excludedStamp[item] = _generation;

    /// <summary>Marks this request's segment items (positions in <paramref name="items"/>), none seen among the ANN candidates yet.</summary>
    public void MarkSegment(ReadOnlySpan<int> items)
    {
        if (SegmentSeen.Length < items.Length)
        {
            SegmentSeen = new bool[items.Length];
        }

        for (var j = 0; j < items.Length; j++)
        {
            (_segmentStamp[items[j]], _segmentSlot[items[j]], SegmentSeen[j]) = (_generation, j, false);
        }
    }

    /// <summary>The item's position among this request's segment items, or −1.</summary>
    public int SegmentSlot(int item) => _segmentStamp[item] == _generation ? _segmentSlot[item] : -1;

    private bool Passes(int item)
    {
        var catalog = _catalog!;
        var mask = catalog.CategoryMasks[item];
        return _excludedStamp[item] != _generation && catalog.Available[item]
            && (_include == 0 || (mask & _include) != 0) && (mask & _exclude) == 0;
    }
}
