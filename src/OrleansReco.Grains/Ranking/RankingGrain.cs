using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansReco.Abstractions;
using OrleansReco.Grains.Catalog;
using OrleansReco.Grains.Segments;
using OrleansReco.Ann;
using OrleansReco.Learning;

namespace OrleansReco.Grains.Ranking;

/// <summary>Silo-local, stateless ranking over the silo's item index replica.</summary>
[StatelessWorker]
[Reentrant]
public sealed class RankingGrain(IItemIndexReplica replica, RankingPipeline pipeline, SegmentAssigner segments) : Grain, IRankingGrain
{
    private DeterministicRandom _random = new((ulong)Environment.TickCount64);

    /// <inheritdoc />
    public async Task<RankingResult> RankAsync(RankingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var catalog = await replica.GetAsync();
        if (catalog.Catalog.ModelVersion != request.ModelVersion || request.Query.Length != catalog.Catalog.Vectors.Dimensions)
        {
            throw new InvalidOperationException($"The query is in model version {request.ModelVersion} (d = {request.Query.Length}); this silo serves version {catalog.Catalog.ModelVersion}.");
        }

        var excluded = ExcludedIndices(catalog, request);
        var segment = segments.ItemsOf(request.Segment, request.SegmentGeneration, catalog.Catalog.ModelVersion); // cached per silo
        var inputs = new RankingInputs
        {
            K = request.Request.K, Excluded = excluded, IncludeCategories = request.Request.IncludeCategories,
            ExcludeCategories = request.Request.ExcludeCategories, Context = request.Request.Context,
            Diversify = request.Request.Diversify ?? pipeline.Options.Diversify, Explore = request.Request.Explore ?? true, ColdUser = request.ColdUser, FromDemographics = request.FromDemographics,
            Lambda = Unit(request.Request.DiversityLambda), Epsilon = Unit(request.Request.Epsilon),
            Candidates = request.Request.Candidates is >= 1 and <= VariantSettings.MaxCandidates ? request.Request.Candidates : null,
            FromSegmentCentroid = request.FromSegmentCentroid, SegmentItems = segment.Items, SegmentWeights = segment.Weights,
        };
        return new RankingResult(pipeline.Rank(catalog, request.Query, inputs, ref _random), catalog.Catalog.ModelVersion);
    }

    /// <inheritdoc />
    public async Task<SimilarItemsResult> SimilarItemsAsync(string itemId, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, RecoLimits.MaxRecommendations);
        var catalog = await replica.GetAsync();
        if (!catalog.Catalog.TryGetIndex(itemId, out var index))
        {
            throw new KeyNotFoundException($"Unknown item id '{itemId}' in catalog version {catalog.Catalog.ModelVersion}.");
        }

        var hits = catalog.Index.Search(catalog.Catalog.Vectors[index], k, pipeline.Options.EfSearch, id => id != index && catalog.Available[id]);
        var snapshot = catalog.Catalog.Snapshot;
        var items = new Recommendation[hits.Length];
        for (var i = 0; i < hits.Length; i++)
        {
            var (id, score) = hits[i];
            items[i] = new Recommendation(snapshot.ItemIds[id], snapshot.Titles[id], snapshot.Categories[id], score, $"similar to {itemId}");
        }

        return new SimilarItemsResult(itemId, items, catalog.Catalog.ModelVersion);
    }

    /// <inheritdoc />
    public async Task<CatalogPage> BrowseAsync(CatalogQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var catalog = await replica.GetAsync();
        var snapshot = catalog.Catalog.Snapshot;
        var page = new List<CatalogItemView>(Math.Clamp(query.Limit, 0, CatalogQuery.MaxLimit));
        var total = 0;
        for (var i = 0; i < snapshot.ItemIds.Length; i++)
        {
            if (!Matches(snapshot, i, query))
            {
                continue;
            }

            if (total >= query.Offset && page.Count < page.Capacity)
            {
                page.Add(View(catalog, i));
            }

            total++;
        }

        return new CatalogPage(page, total, snapshot.ModelVersion);
    }

    /// <inheritdoc />
    public async Task<CatalogItemView?> GetItemAsync(string itemId)
    {
        var catalog = await replica.GetAsync();
        return catalog.Catalog.TryGetIndex(itemId, out var index) ? View(catalog, index) : null;
    }

    /// <inheritdoc />
    public async Task<ItemIndexInfo> GetIndexInfoAsync()
    {
        var catalog = await replica.GetAsync();
        var snapshot = catalog.Catalog.Snapshot;
        var bytes = catalog.Index is HnswIndex hnsw ? hnsw.GraphBytesPerVector : 0;
        return new ItemIndexInfo(snapshot.ModelVersion, snapshot.Revision, catalog.Catalog.Count, snapshot.UnavailableItemIds.Length, bytes);
    }

    private static bool Matches(CatalogSnapshot snapshot, int i, CatalogQuery query) =>
        (string.IsNullOrEmpty(query.Search) || snapshot.Titles[i].Contains(query.Search, StringComparison.OrdinalIgnoreCase)
            || snapshot.ItemIds[i].Contains(query.Search, StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrEmpty(query.Category)
            || snapshot.Categories[i].Split(ModelCatalog.CategorySeparator).Contains(query.Category, StringComparer.OrdinalIgnoreCase));

    private static CatalogItemView View(IndexedCatalog catalog, int i)
    {
        var snapshot = catalog.Catalog.Snapshot;
        return new CatalogItemView(snapshot.ItemIds[i], snapshot.Titles[i],
            snapshot.Categories[i].Split(ModelCatalog.CategorySeparator, StringSplitOptions.RemoveEmptyEntries), catalog.Available[i]);
    }

    /// <summary>A per-request λ or ε, or null when absent or outside [0, 1] (the gateway refuses those with a 400).</summary>
    private static float? Unit(float? value) => value is >= 0f and <= 1f ? value : null;

    private static int[] ExcludedIndices(IndexedCatalog catalog, RankingRequest request)
    {
        var extra = request.Request.ExcludeItemIds ?? [];
        var indices = new List<int>(request.ExcludedItemIds.Length + extra.Count);
        AddIndices(catalog, request.ExcludedItemIds, indices);
        AddIndices(catalog, extra, indices);
        return [.. indices];
    }

    private static void AddIndices(IndexedCatalog catalog, IReadOnlyList<string> ids, List<int> into)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (catalog.Catalog.TryGetIndex(ids[i], out var index))
            {
                into.Add(index);
            }
        }
    }
}
