using System.Runtime.CompilerServices;
using OrleansReco.Grains.Catalog;
using OrleansReco.Learning.Segments;

namespace OrleansReco.Grains.Segments;

/// <summary>
/// Starting centroids of a model version before any user data: k-means over (a sample of) the item vectors, which share the
/// user vectors' space. Deterministic, so every segment grain computes the same rows; cached per catalog.
/// </summary>
public static class SegmentSeeds
{
    private const int MaxSample = 4000;
    private static readonly ConditionalWeakTable<ItemCatalog, float[]> Cache = [];

    /// <summary>K × d seed centroids for <paramref name="catalog"/>.</summary>
    public static float[] For(ItemCatalog catalog, int k)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Cache.GetValue(catalog, c => Compute(c, k)) is { } seeds && seeds.Length == k * catalog.Vectors.Dimensions ? seeds : Compute(catalog, k);
    }

    private static float[] Compute(ItemCatalog catalog, int k)
    {
        var d = catalog.Vectors.Dimensions;
        var n = catalog.Count;
        var step = Math.Max(1, n / MaxSample);
        var sample = new List<float>(Math.Min(n, MaxSample) * d);
        for (var i = 0; i < n; i += step)
        {
            sample.AddRange(catalog.Vectors[i]);
        }

        if (sample.Count / d < k)
        {
            // Fewer items than segments: repeat them; the extra centroids stay empty until users arrive.
            var copy = sample.ToArray();
            while (sample.Count / d < k)
            {
                sample.AddRange(copy);
            }
        }

        return OnlineKMeans.Fit(sample.ToArray(), d, k, epochs: 2, seed: 42).Centroids.ToArray();
    }
}
