using OrleansReco.Learning.Model;
using OrleansReco.Learning.Towers;

namespace OrleansReco.Learning.Tests.Towers;

public sealed class TowerSetTests
{
    private const int Dimensions = 8;

    private static TowerSet Sample()
    {
        var userEncoder = TowerFixtures.UserEncoder();
        var contentEncoder = TowerFixtures.ContentEncoder();
        return new TowerSet(
            new ColdStartTower(userEncoder, TowerFixtures.RandomTower(userEncoder.FeatureCount, 16, Dimensions, TowerActivation.Relu, 3)),
            new ContentTower(contentEncoder, TowerFixtures.RandomTower(contentEncoder.FeatureCount, 12, Dimensions, TowerActivation.Tanh, 4)));
    }

    private static ItemModel ModelWith(TowerSet? towers, int dimensions = Dimensions)
    {
        var blobs = new Dictionary<string, TowerWeights>();
        var metadata = new Dictionary<string, string> { ["algorithm"] = "test" };
        towers?.Write(blobs, metadata);
        return new ItemModel(7, dimensions, [new ItemModelEntry("1", "One (1990)", ["Drama"])], new float[dimensions], blobs, metadata);
    }

    private static ItemModel RoundTrip(ItemModel model)
    {
        using var stream = new MemoryStream();
        ItemModelFile.Write(stream, model);
        stream.Position = 0;
        return ItemModelFile.Read(stream);
    }

    [Fact]
    public void A_model_without_towers_loads_none()
    {
        Assert.Null(TowerSet.TryLoad(ModelWith(null)));
    }

    [Fact]
    public void Towers_round_trip_through_the_model_file_with_identical_outputs()
    {
        var original = Sample();

        var loaded = TowerSet.TryLoad(RoundTrip(ModelWith(original)));

        Assert.NotNull(loaded);
        UserAttributes[] users = [UserAttributes.Unknown, new(33, "M", "artist", "10001", "mobile"), new(Occupation: "nobody")];
        foreach (var user in users)
        {
            Assert.Equal(original.User!.Embed(user), loaded.User!.Embed(user));
        }

        Assert.Equal(original.Content!.Embed(["Action", "Drama"], 1993), loaded.Content!.Embed(["Action", "Drama"], 1993));
        Assert.Equal(original.Content.Embed([], null), loaded.Content.Embed([], null));
    }

    [Fact]
    public void The_file_carries_named_blobs_and_vocabulary_metadata()
    {
        var model = RoundTrip(ModelWith(Sample()));

        Assert.Equal([16, 22], model.Towers["user_tower.0.weight"].Shape);
        Assert.Equal([Dimensions], model.Towers["user_tower.1.bias"].Shape);
        Assert.Equal([Dimensions, 12], model.Towers["content_tower.1.weight"].Shape);
        Assert.Equal("relu,identity", model.Metadata["user_tower.activations"]);
        Assert.Equal("tanh,identity", model.Metadata["content_tower.activations"]);
        Assert.Equal("[[16,22],[8,16]]", model.Metadata["user_tower.layer_shapes"]);
        Assert.Equal("[\"artist\",\"engineer\",\"student\"]", model.Metadata["user_tower.occupations"]);
        Assert.Equal("[\"Action\",\"Comedy\",\"Drama\"]", model.Metadata["content_tower.genres"]);
        Assert.Contains("\"edges\":[18,25,35,45,50,56]", model.Metadata["user_tower.age_buckets"], StringComparison.Ordinal);
        Assert.Equal(TowerSet.FormatVersion, model.Metadata[TowerSet.FormatKey]);
    }

    [Fact]
    public void A_single_tower_loads_alone()
    {
        var content = Sample().Content!;

        var loaded = TowerSet.TryLoad(RoundTrip(ModelWith(new TowerSet(null, content))));

        Assert.Null(loaded!.User);
        Assert.Equal(content.Embed(["Comedy"], 1980), loaded.Content!.Embed(["Comedy"], 1980));
    }

    [Fact]
    public void Towers_of_another_dimension_or_with_missing_metadata_are_refused()
    {
        Assert.Throws<InvalidDataException>(() => TowerSet.TryLoad(ModelWith(Sample(), dimensions: Dimensions + 1)));

        var model = ModelWith(Sample());
        var metadata = model.Metadata.Where(m => m.Key != "user_tower.occupations").ToDictionary();
        var broken = new ItemModel(model.ModelVersion, model.Dimensions, model.Items, model.Vectors, model.Towers, metadata);
        var error = Assert.Throws<InvalidDataException>(() => TowerSet.TryLoad(broken));
        Assert.Contains("user_tower.occupations", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Embedding_allocates_nothing_beyond_the_caller_output()
    {
        var towers = Sample();
        var attributes = new UserAttributes(41, "F", "student", "90210", "web");
        string[] genres = ["Action", "Comedy"];
        var vector = new float[Dimensions];
        towers.User!.Embed(attributes, vector);
        towers.Content!.Embed(genres, 1999, vector);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var k = 0; k < 100; k++)
        {
            towers.User.Embed(attributes, vector);
            towers.Content.Embed(genres, 1999, vector);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
