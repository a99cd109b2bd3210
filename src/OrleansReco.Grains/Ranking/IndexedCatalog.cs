using OrleansReco.Ann;
using OrleansReco.Grains.Catalog;

namespace OrleansReco.Grains.Ranking;

/// <summary>
/// One catalog version with what ranking needs per item: the ANN index over its vectors, category bit masks
/// (up to 64 categories), availability, and this silo's exposure counts for exploration.
/// </summary>
public sealed class IndexedCatalog
{
    /// <summary>Most distinct categories a catalog may have (one bit each).</summary>
    public const int MaxCategories = 64;

    private readonly long[] _impressions;
    private readonly long[] _clicks;

    /// <summary>Indexes <paramref name="catalog"/>; the HNSW build uses every core.</summary>
    public IndexedCatalog(ItemCatalog catalog, RankingOptions options)
    {
        Catalog = catalog;
        var hnsw = new HnswOptions { M = options.M, EfConstruction = options.EfConstruction, EfSearch = options.EfSearch, InitialCapacity = Math.Max(1, catalog.Count) };
        Index = HnswIndex.Build(catalog.Vectors, hnsw, Environment.ProcessorCount);
        (CategoryNames, CategoryMasks) = BuildMasks(catalog);
        Available = AvailabilityOf(catalog);
        _impressions = new long[catalog.Count];
        _clicks = new long[catalog.Count];
        Exposure = new ExposureView(this);
    }

    private IndexedCatalog(ItemCatalog catalog, IndexedCatalog previous)
    {
        Catalog = catalog;
        Index = previous.Index;
        (CategoryNames, CategoryMasks) = (previous.CategoryNames, previous.CategoryMasks);
        Available = AvailabilityOf(catalog);
        (_impressions, _clicks) = (previous._impressions, previous._clicks);
        Exposure = new ExposureView(this);
    }

    /// <summary>The same vectors and index with a newer revision of the catalog (availability changes).</summary>
    public IndexedCatalog WithCatalog(ItemCatalog catalog) => new(catalog, this);

    /// <summary>The catalog version.</summary>
    public ItemCatalog Catalog { get; }

    /// <summary>ANN index; ids are dense item indices.</summary>
    public IVectorIndex Index { get; }

    /// <summary>Category name of each bit.</summary>
    public string[] CategoryNames { get; }

    /// <summary>Category bits of each item.</summary>
    public ulong[] CategoryMasks { get; }

    /// <summary>False for items that must not be recommended (out of stock, withdrawn).</summary>
    public bool[] Available { get; }

    /// <summary>Exposure counts as the exploration policy reads them.</summary>
    public Learning.Ranking.IExposureCounts Exposure { get; }

    /// <summary>Bits of the named categories; unknown names add nothing.</summary>
    public ulong MaskOf(IReadOnlyList<string>? categories)
    {
        ulong mask = 0;
        foreach (var name in categories ?? [])
        {
            var bit = Array.IndexOf(CategoryNames, name);
            mask |= bit >= 0 ? 1UL << bit : 0;
        }

        return mask;
    }

    /// <summary>Counts an item shown to a user.</summary>
    public void RecordImpression(int item) => Interlocked.Increment(ref _impressions[item]);

    /// <summary>Counts a user acting on an item.</summary>
    public void RecordClick(int item) => Interlocked.Increment(ref _clicks[item]);

    /// <summary>Times the item was shown on this silo.</summary>
    public long ImpressionsOf(int item) => Interlocked.Read(ref _impressions[item]);

    private static bool[] AvailabilityOf(ItemCatalog catalog)
    {
        var available = new bool[catalog.Count];
        Array.Fill(available, true);
        foreach (var id in catalog.Snapshot.UnavailableItemIds)
        {
            if (catalog.TryGetIndex(id, out var index))
            {
                available[index] = false;
            }
        }

        return available;
    }

    private static (string[] Names, ulong[] Masks) BuildMasks(ItemCatalog catalog)
    {
        var names = new List<string>();
        var masks = new ulong[catalog.Count];
        for (var i = 0; i < catalog.Count; i++)
        {
            foreach (var name in catalog.Snapshot.Categories[i].Split(ModelCatalog.CategorySeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var bit = names.IndexOf(name);
                if (bit < 0)
                {
                    if (names.Count == MaxCategories)
                    {
                        throw new NotSupportedException($"The catalog has more than {MaxCategories} categories; category filters support at most {MaxCategories}.");
                    }

                    names.Add(name);
                    bit = names.Count - 1;
                }

                masks[i] |= 1UL << bit;
            }
        }

        return ([.. names], masks);
    }

    private sealed class ExposureView(IndexedCatalog owner) : Learning.Ranking.IExposureCounts
    {
        public (long Impressions, long Clicks) CountsOf(int item) =>
            (Interlocked.Read(ref owner._impressions[item]), Interlocked.Read(ref owner._clicks[item]));
    }
}
