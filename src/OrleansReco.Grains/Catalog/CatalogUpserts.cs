using OrleansReco.Abstractions;
using OrleansReco.Learning;
using OrleansReco.Learning.Towers;

namespace OrleansReco.Grains.Catalog;

/// <summary>
/// Items added or changed at run time on top of a model's catalog: validation, and the merged snapshot. An upsert
/// without a vector keeps an existing item's vector and places a new item with the model's content tower.
/// </summary>
public static class CatalogUpserts
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field (e.g. <c>items[3].vector</c>).</summary>
    public static void Validate(IReadOnlyList<CatalogItem> items, int dimensions, bool hasContentTower, Func<string, bool> isKnown)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(isKnown);
        if (items.Count == 0 || items.Count > CatalogItem.MaxBatchSize)
        {
            throw new ArgumentException($"items: send between 1 and {CatalogItem.MaxBatchSize} items.", nameof(items));
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            if (Problem(items[i], dimensions, hasContentTower, isKnown, ids) is { } problem)
            {
                throw new ArgumentException($"items[{i}].{problem}", nameof(items));
            }
        }
    }

    /// <summary>The snapshot of <paramref name="loaded"/> with <paramref name="upserts"/> applied (new items appended in the given order).</summary>
    public static CatalogSnapshot Apply(CatalogSnapshot loaded, IReadOnlyCollection<CatalogItem> upserts, ContentTower? content)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        ArgumentNullException.ThrowIfNull(upserts);
        if (upserts.Count == 0)
        {
            return loaded;
        }

        var d = loaded.Dimensions;
        var index = new Dictionary<string, int>(loaded.ItemIds.Length, StringComparer.Ordinal);
        for (var i = 0; i < loaded.ItemIds.Length; i++)
        {
            index[loaded.ItemIds[i]] = i;
        }

        var added = 0;
        foreach (var item in upserts)
        {
            added += index.ContainsKey(item.Id) ? 0 : 1;
        }

        var count = loaded.ItemIds.Length + added;
        var (ids, titles, categories, vectors) = (new string[count], new string[count], new string[count], new float[count * d]);
        loaded.ItemIds.CopyTo(ids, 0);
        loaded.Titles.CopyTo(titles, 0);
        loaded.Categories.CopyTo(categories, 0);
        loaded.Vectors.CopyTo(vectors, 0);
        var next = loaded.ItemIds.Length;
        foreach (var item in upserts)
        {
            var existing = index.TryGetValue(item.Id, out var at);
            at = existing ? at : next++;
            (ids[at], titles[at], categories[at]) = (item.Id, item.Title, string.Join(ModelCatalog.CategorySeparator, item.Categories));
            var row = vectors.AsSpan(at * d, d);
            if (item.Vector is { } vector)
            {
                vector.CopyTo(row);
            }
            else if (!existing)
            {
                var tower = content ?? throw new InvalidOperationException($"Item '{item.Id}' has no vector and the model has no content tower.");
                tower.Embed(item.Categories, ReleaseYear.FromTitle(item.Title), row);
            }
        }

        return loaded with { ItemIds = ids, Titles = titles, Categories = categories, Vectors = vectors };
    }

    private static string? Problem(CatalogItem? item, int dimensions, bool hasContentTower, Func<string, bool> isKnown, HashSet<string> ids)
    {
        if (item is null)
        {
            return "id: the item is missing.";
        }

        if (string.IsNullOrWhiteSpace(item.Id) || item.Id.Length > RecoLimits.MaxItemIdLength)
        {
            return $"id: the item id must be 1 to {RecoLimits.MaxItemIdLength} characters.";
        }

        if (!ids.Add(item.Id))
        {
            return $"id: item '{item.Id}' appears twice in this call.";
        }

        if (item.Title is null || item.Title.Length > CatalogItem.MaxTitleLength)
        {
            return $"title: the title must be at most {CatalogItem.MaxTitleLength} characters.";
        }

        if (item.Categories is null || item.Categories.Count > CatalogItem.MaxCategories)
        {
            return $"categories: an item has at most {CatalogItem.MaxCategories} categories.";
        }

        foreach (var category in item.Categories)
        {
            if (string.IsNullOrWhiteSpace(category) || category.Length > CatalogItem.MaxCategoryLength || category.Contains(ModelCatalog.CategorySeparator, StringComparison.Ordinal))
            {
                return $"categories: each category must be 1 to {CatalogItem.MaxCategoryLength} characters without '{ModelCatalog.CategorySeparator}'.";
            }
        }

        if (item.Vector is { } vector)
        {
            return vector.Length != dimensions ? $"vector: the model's vectors have {dimensions} dimensions, this one {vector.Length}."
                : !VectorMath.AllFinite(vector) ? "vector: the vector contains NaN or infinite values."
                : null;
        }

        return hasContentTower || isKnown(item.Id) ? null
            : "vector: the model has no content tower, so a new item needs a vector.";
    }
}
