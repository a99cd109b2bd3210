using OrleansReco.Abstractions;
using OrleansReco.Grains.Catalog;

namespace OrleansReco.Grains.Segments;

/// <summary>A segment's most popular items as dense item indices of one catalog version, with weights in (0, 1], best first.</summary>
public sealed record SegmentItems(int[] Items, float[] Weights)
{
    /// <summary>No items.</summary>
    public static SegmentItems None { get; } = new([], []);
}

/// <summary>What a silo caches of the segmentation: immutable, swapped whole on refresh.</summary>
internal sealed record SegmentCache(long Generation, int K, long ModelVersion, int Dimensions, float[] Centroids, long[] Sizes, int Largest,
    SegmentItems[] Items, (int Segment, double Mean)[] DriftMeans, double? GlobalDriftMean)
{
    public static SegmentCache Empty { get; } = new(-1, 0, -1, 0, [], [], -1, [], [], null);

    public bool Serves(long modelVersion, int dimensions) => ModelVersion == modelVersion && Dimensions == dimensions && K > 0;

    public static SegmentCache From(SegmentLayout layout, ItemCatalog catalog, SegmentView[] views)
    {
        var d = catalog.Vectors.Dimensions;
        var centroids = new float[views.Length * d];
        var sizes = new long[views.Length];
        var items = new SegmentItems[views.Length];
        var drift = new List<(int, double)>();
        var largest = views.Length > 0 ? 0 : -1;
        for (var i = 0; i < views.Length; i++)
        {
            var view = views[i];
            view.Centroid.CopyTo(centroids, i * d);
            sizes[i] = view.Size;
            largest = view.Size > sizes[largest] ? i : largest;
            items[i] = ItemsOf(catalog, view);
            if (view.MeanDriftCosine is { } mean)
            {
                drift.Add((i, mean));
            }
        }

        return new SegmentCache(layout.Generation, layout.K, catalog.ModelVersion, d, centroids, sizes, largest, items, [.. drift], GlobalMean(views));
    }

    private static SegmentItems ItemsOf(ItemCatalog catalog, SegmentView view)
    {
        var indices = new List<int>(view.TopItems.Length);
        var weights = new List<float>(view.TopItems.Length);
        for (var j = 0; j < view.TopItems.Length; j++)
        {
            if (catalog.TryGetIndex(view.TopItems[j], out var index))
            {
                indices.Add(index);
                weights.Add(view.TopWeights[j]);
            }
        }

        return indices.Count == 0 ? SegmentItems.None : new SegmentItems([.. indices], [.. weights]);
    }

    /// <summary>Mean cosine to baseline over every segment's kept observations (the whole population, so no segment is singled out).</summary>
    private static double? GlobalMean(SegmentView[] views)
    {
        double sum = 0;
        long observations = 0;
        foreach (var view in views)
        {
            sum += view.DriftCosineSum;
            observations += view.DriftObservations;
        }

        return observations == 0 ? null : sum / observations;
    }
}
