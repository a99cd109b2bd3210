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
    private int _generation;
    private IndexedCatalog? _catalog;
    private ulong _include;
    private ulong _exclude;
    private long _underExposed;

    public RankingScratch()
    {
        Filter = Passes;
        ExplorationEligible = item => Passes(item) && _catalog!.ImpressionsOf(item) < _underExposed;
    }

    public Func<int, bool> Filter { get; }

    public Func<int, bool> ExplorationEligible { get; }

    public ScoredItem[] Candidates { get; private set; } = [];

    public int[] CandidateIds { get; private set; } = [];

    public float[] Relevance { get; private set; } = [];

    public bool[] Boosted { get; private set; } = [];

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
            _excludedStamp = new int[catalog.Catalog.Count];
            _generation = 0;
        }

        if (++_generation == int.MaxValue)
        {
            Array.Clear(_excludedStamp);
            _generation = 1;
        }

        (_catalog, _include, _exclude, _underExposed) = (catalog, include, exclude, underExposed);
        var mmrFloats = MaximalMarginalRelevance.ScratchFloats(candidates, catalog.Catalog.Vectors.Dimensions);
        if (Candidates.Length < candidates || MmrScratch.Length < mmrFloats)
        {
            (Candidates, CandidateIds, Relevance, Boosted, MmrScratch, MmrIntScratch) = (new ScoredItem[candidates], new int[candidates],
                new float[candidates], new bool[candidates], new float[mmrFloats], new int[MaximalMarginalRelevance.ScratchInts(candidates)]);
        }

        if (Positions.Length < k)
        {
            (Positions, Ranked, Explored) = (new int[k], new int[k], new bool[k]);
        }
    }

    public void Exclude(int item) => _excludedStamp[item] = _generation;

    private bool Passes(int item)
    {
        var catalog = _catalog!;
        var mask = catalog.CategoryMasks[item];
        return _excludedStamp[item] != _generation && catalog.Available[item]
            && (_include == 0 || (mask & _include) != 0) && (mask & _exclude) == 0;
    }
}
