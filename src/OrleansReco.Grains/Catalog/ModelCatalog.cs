using OrleansReco.Abstractions;
using OrleansReco.Learning.Model;

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

        return new CatalogSnapshot(model.ModelVersion, model.Dimensions, ids, titles, categories, model.Vectors, source);
    }
}
