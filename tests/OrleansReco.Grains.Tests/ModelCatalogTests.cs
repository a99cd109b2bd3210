using OrleansReco.Grains.Catalog;
using OrleansReco.Learning.Model;

namespace OrleansReco.Grains.Tests;

public sealed class ModelCatalogTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"orleansreco-{Guid.NewGuid():N}.orm");

    public void Dispose() => File.Delete(_path);

    private static ItemModel TwoItems() => new(7, 2,
        [new ItemModelEntry("m1", "Heat (1995)", ["Action", "Crime"]), new ItemModelEntry("m2", "Babe (1995)", ["Comedy"])],
        [1f, 0f, 0f, 1f]);

    [Fact]
    public void A_model_file_becomes_the_catalog_with_its_version_ids_and_vectors()
    {
        ItemModelFile.Write(_path, TwoItems());

        var snapshot = ModelCatalog.Load(_path);
        var catalog = new ItemCatalog(snapshot);

        Assert.Equal(7, snapshot.ModelVersion);
        Assert.Equal(["m1", "m2"], snapshot.ItemIds);
        Assert.Equal("Action|Crime", snapshot.Categories[0]);
        Assert.True(catalog.TryGetIndex("m2", out var index));
        Assert.Equal([0f, 1f], catalog.Vectors[index].ToArray());
    }

    [Fact]
    public void A_corrupt_model_file_is_refused_with_a_clear_error()
    {
        ItemModelFile.Write(_path, TwoItems());
        var bytes = File.ReadAllBytes(_path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(_path, bytes);

        Assert.Throws<InvalidDataException>(() => ModelCatalog.Load(_path));
    }

    [Fact]
    public void Options_naming_a_missing_model_file_are_invalid()
    {
        var errors = new CatalogOptions { ModelPath = "/no/such/model.orm" }.Validate();

        Assert.Contains(errors, e => e.Contains("ModelPath", StringComparison.Ordinal));
    }
}
