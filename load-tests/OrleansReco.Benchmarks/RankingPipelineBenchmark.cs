using BenchmarkDotNet.Attributes;
using OrleansReco.Abstractions;
using OrleansReco.Grains.Catalog;
using OrleansReco.Grains.Ranking;
using OrleansReco.Learning;

namespace OrleansReco.Benchmarks;

/// <summary>
/// One recommendation through the ranking pipeline on a 100k-item catalog: HNSW top-200, seen-item and
/// category filters, a context rule, MMR, ε-greedy exploration, top-20. Target: median ≤ 0.5 ms and
/// no allocation beyond the result.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class RankingPipelineBenchmark
{
    private IndexedCatalog _catalog = null!;
    private RankingPipeline _pipeline = null!;
    private float[][] _queries = null!;
    private int[] _seen = null!;
    private int[] _segmentItems = null!;
    private float[] _segmentWeights = null!;
    private DeterministicRandom _random = new(5);
    private int _next;

    /// <summary>
    /// Which filters run besides the 50 seen items: <c>seen</c> only, or also a denied category (Horror, 1/16 of the
    /// catalog — queries from inside that category must leave their own cluster, the hardest case for a filtered ANN).
    /// </summary>
    [Params("seen", "seen+category")]
    public string Filters { get; set; } = "seen";

    /// <summary>MMR on (the default) or off, to show its share.</summary>
    [Params(true, false)]
    public bool Diversify { get; set; } = true;

    /// <summary>Items of the user's segment merged into the candidates ("popular in your segment"): 0 (no segment) or 20 (the default cache size).</summary>
    [Params(0, 20)]
    public int SegmentItems { get; set; }

    /// <summary>Builds the catalog and its index (outside the measurement).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var options = new RankingOptions
        {
            Candidates = 200, Epsilon = 0.05f,
            ContextRules = [new ContextBoostRule { Device = "tv", Category = "Documentary", Boost = 0.05f }],
        };
        _catalog = new IndexedCatalog(new ItemCatalog(DemoCatalog.Generate(new CatalogOptions { DemoItems = 100_000, DemoGenres = 16, Dimensions = 64 })), options);
        _pipeline = new RankingPipeline(options);
        _queries = new float[64][];
        var random = new DeterministicRandom(9);
        for (var q = 0; q < _queries.Length; q++)
        {
            _queries[q] = _catalog.Catalog.Vectors[random.NextInt(100_000)].ToArray();
        }

        (_segmentItems, _segmentWeights) = (new int[20], new float[20]);
        for (var i = 0; i < _segmentItems.Length; i++)
        {
            (_segmentItems[i], _segmentWeights[i]) = (random.NextInt(100_000), 1f / (i + 1));
        }

        _seen = new int[50];
        for (var i = 0; i < _seen.Length; i++)
        {
            _seen[i] = random.NextInt(100_000);
        }
    }

    /// <summary>ANN top-200 (+ segment items) → filters → boosts → MMR (λ = 0.7) → exploration → top-20.</summary>
    [Benchmark]
    public Recommendation[] RankingPipeline()
    {
        var query = _queries[_next++ & 63];
        var inputs = new RankingInputs
        {
            K = 20, Excluded = _seen, ExcludeCategories = Filters == "seen" ? null : ExcludedCategories, Context = Context, Diversify = Diversify, Explore = true,
            SegmentItems = _segmentItems.AsSpan(0, SegmentItems), SegmentWeights = _segmentWeights.AsSpan(0, SegmentItems),
        };
        return _pipeline.Rank(_catalog, query, inputs, ref _random);
    }

    /// <summary>The ANN stage alone (top-200, no filter), to see the pipeline's share beyond retrieval.</summary>
    [Benchmark]
    public int AnnTop200()
    {
        var query = _queries[_next++ & 63];
        return _catalog.Index.Search(query, _candidates, 200);
    }

    private readonly OrleansReco.Ann.ScoredItem[] _candidates = new OrleansReco.Ann.ScoredItem[200];

    private static readonly string[] ExcludedCategories = ["Horror"];
    private static readonly RecommendationContext Context = new("tv", "en-US", 20);
}
