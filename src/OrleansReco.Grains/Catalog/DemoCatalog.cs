using OrleansReco.Abstractions;
using OrleansReco.Learning;

namespace OrleansReco.Grains.Catalog;

/// <summary>
/// A seeded synthetic catalog so the system runs with no data: items in genre clusters
/// (unit vectors scattered around one random unit centroid per genre).
/// </summary>
public static class DemoCatalog
{
    /// <summary>Built-in genre names.</summary>
    public static readonly string[] GenreNames =
    [
        "Action", "Comedy", "Drama", "Sci-Fi", "Horror", "Romance", "Documentary", "Animation",
        "Thriller", "Fantasy", "Western", "Musical", "Crime", "Mystery", "War", "Family",
    ];

    /// <summary>Model version of every demo catalog.</summary>
    public const long ModelVersion = 1;

    /// <summary>Generates the catalog the options describe; the same options always give the same catalog.</summary>
    public static CatalogSnapshot Generate(CatalogOptions options)
    {
        var d = options.Dimensions;
        var random = new DeterministicRandom((ulong)options.Seed);
        var centroids = new float[options.DemoGenres * d];
        for (var i = 0; i < centroids.Length; i++)
        {
            centroids[i] = random.NextGaussian();
        }

        for (var g = 0; g < options.DemoGenres; g++)
        {
            VectorMath.NormalizeInPlace(centroids.AsSpan(g * d, d));
        }

        var ids = new string[options.DemoItems];
        var titles = new string[options.DemoItems];
        var categories = new string[options.DemoItems];
        var vectors = new float[options.DemoItems * d];
        var noise = 0.6f / MathF.Sqrt(d);
        for (var i = 0; i < options.DemoItems; i++)
        {
            var genre = i % options.DemoGenres;
            ids[i] = $"item-{i + 1}";
            categories[i] = GenreNames[genre];
            titles[i] = $"{GenreNames[genre]} #{(i / options.DemoGenres) + 1}";
            var row = vectors.AsSpan(i * d, d);
            for (var j = 0; j < d; j++)
            {
                row[j] = centroids[(genre * d) + j] + (noise * random.NextGaussian());
            }

            VectorMath.NormalizeInPlace(row);
        }

        return new CatalogSnapshot(ModelVersion, d, ids, titles, categories, vectors, $"demo(seed={options.Seed}, items={options.DemoItems})");
    }
}
