using OrleansReco.Abstractions;
using OrleansReco.Learning.Model;
using OrleansReco.Learning.Towers;

namespace OrleansReco.Grains.Catalog;

/// <summary>Turns a trained model file into the catalog snapshot the silos serve.</summary>
public static class ModelCatalog
{
    /// <summary>Separator of an item's categories in <see cref="CatalogSnapshot.Categories"/>.</summary>
    public const char CategorySeparator = '|';

    /// <summary>Reads <paramref name="path"/>; a corrupt or mismatched file fails with <see cref="InvalidDataException"/>.</summary>
    public static CatalogSnapshot Load(string path) => ToSnapshot(ItemModelFile.Read(path), $"model({Path.GetFileName(path)})");

    /// <summary>The snapshot of an in-memory model.</summary>
    public static CatalogSnapshot ToSnapshot(ItemModel model, string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        var count = model.Items.Count;
        var ids = new string[count];
        var titles = new string[count];
        var categories = new string[count];
        for (var i = 0; i < count; i++)
        {
            var item = model.Items[i];
            ids[i] = item.Id;
            titles[i] = item.Title;
            categories[i] = string.Join(CategorySeparator, item.Categories);
        }

        var towers = new List<TowerBlob>(model.Towers.Count);
        foreach (var (name, weights) in model.Towers)
        {
            towers.Add(new TowerBlob(name, weights.Shape, weights.Values));
        }

        return new CatalogSnapshot(model.ModelVersion, model.Dimensions, ids, titles, categories, model.Vectors, source)
        {
            Towers = [.. towers],
            Metadata = new Dictionary<string, string>(model.Metadata, StringComparer.Ordinal),
        };
    }

    /// <summary>The towers a snapshot carries, or null; throws <see cref="InvalidDataException"/> when they are malformed.</summary>
    public static TowerSet? TowersOf(CatalogSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Towers.Length == 0)
        {
            return null;
        }

        var weights = new Dictionary<string, TowerWeights>(snapshot.Towers.Length, StringComparer.Ordinal);
        foreach (var tower in snapshot.Towers)
        {
            weights[tower.Name] = new TowerWeights(tower.Shape, tower.Values);
        }

        return TowerSet.TryLoad(weights, snapshot.Metadata, snapshot.Dimensions);
    }
}
