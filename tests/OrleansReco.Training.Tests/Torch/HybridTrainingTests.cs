using OrleansReco.Learning.Model;
using OrleansReco.Learning.Towers;
using OrleansReco.Training.Data;
using OrleansReco.Training.Torch;

namespace OrleansReco.Training.Tests.Torch;

public sealed class HybridTrainingTests
{
    private static readonly HybridOptions Tiny = new()
    {
        Dimensions = 8,
        MaxEpochs = 2,
        Patience = 1,
        BatchSize = 64,
        Negatives = 16,
        Towers = new TowerOptions { Epochs = 1, BatchSize = 64, Negatives = 16, Hidden = [8] },
    };

    [Fact]
    public void Training_with_a_seed_is_reproducible()
    {
        var dataset = SyntheticCatalog.Create();

        var first = HybridTraining.Fit(dataset, dataset.Interactions, Tiny, ProgressLog.Silent);
        var second = HybridTraining.Fit(dataset, dataset.Interactions, Tiny, ProgressLog.Silent);

        Assert.Equal(first.Items.All.ToArray(), second.Items.All.ToArray());
        Assert.Equal(first.UserVectors, second.UserVectors);
        var user = new UserAttributes(30, "F", "artist", "12345");
        Assert.Equal(first.InitialUserVector(user), second.InitialUserVector(user));
        Assert.Equal(first.ContentVectors, second.ContentVectors);
        Assert.Equal(2, first.Fit.Validation.Count);
    }

    [Fact]
    public void A_model_file_with_towers_round_trips_and_its_towers_give_the_same_outputs()
    {
        var dataset = SyntheticCatalog.Create();
        var result = HybridTraining.Fit(dataset, dataset.Interactions, Tiny, ProgressLog.Silent);
        var model = result.ToItemModel(modelVersion: 42);

        using var stream = new MemoryStream();
        ItemModelFile.Write(stream, model);
        stream.Position = 0;
        var loaded = ItemModelFile.Read(stream);
        var towers = TowerSet.TryLoad(loaded);

        Assert.NotNull(towers);
        Assert.Equal(model.Vectors, loaded.Vectors);
        Assert.Equal("hybrid-torch", loaded.Metadata["algorithm"]);
        Assert.Equal("[\"artist\",\"engineer\",\"student\",\"writer\"]", loaded.Metadata["user_tower.occupations"]);
        Assert.Equal("[\"Action\",\"Comedy\",\"Drama\",\"Horror\"]", loaded.Metadata["content_tower.genres"]);
        Assert.Equal(8, loaded.Towers["content_tower.0.weight"].Shape[0]);
        Assert.Equal([8, 8], loaded.Towers["content_tower.1.weight"].Shape);
        foreach (var user in new[] { UserAttributes.Unknown, new UserAttributes(22, "M", "student", "30301"), new UserAttributes(Occupation: "astronaut") })
        {
            Assert.Equal(result.InitialUserVector(user), towers.User!.Embed(user));
        }

        for (var i = 0; i < loaded.Items.Count; i++)
        {
            Assert.Equal(result.ContentVectors.AsSpan(i * 8, 8).ToArray(), towers.Content!.Embed(loaded.Items[i].Categories, ReleaseYear.FromTitle(loaded.Items[i].Title)));
        }
    }

    [Fact]
    public void Items_absent_from_training_get_their_content_vector()
    {
        var dataset = SyntheticCatalog.Create();
        int[] held = [3, 10, 29];
        var train = dataset.Interactions.Where(e => !held.Contains(e.Item)).ToArray();

        var result = HybridTraining.Fit(dataset, train, Tiny with { Towers = Tiny.Towers with { UserTower = false } }, ProgressLog.Silent);

        Assert.Null(result.Towers!.User);
        Assert.Null(result.UserInitializer);
        foreach (var item in held)
        {
            Assert.False(result.TrainedItems[item]);
            Assert.Equal(result.ContentVectors.AsSpan(item * 8, 8).ToArray(), result.Items[item].ToArray());
            Assert.Contains(result.Items[item].ToArray(), x => x != 0f);
        }

        Assert.Equal("3", result.ToItemModel(1).Metadata["hybrid.content_only_items"]);
        Assert.Equal(dataset.ItemCount - held.Length, result.ToItemModel(1, includeUntrainedItems: false).Items.Count);
    }

    [Fact]
    public void The_hybrid_model_learns_the_clusters()
    {
        var dataset = SyntheticCatalog.Create(users: 80, perUser: 14);
        var options = Tiny with { MaxEpochs = 12, Patience = 0, LearningRate = 0.05f, Regularization = 1e-3f, Towers = Tiny.Towers with { UserTower = false, ContentTower = false } };

        var result = HybridTraining.Fit(dataset, dataset.Interactions, options, ProgressLog.Silent);

        // Each user's top-5 items by score should mostly lie in the user's cluster (item % 4 == user % 4).
        var inCluster = 0;
        var scores = new float[dataset.ItemCount];
        for (var u = 0; u < dataset.UserCount; u++)
        {
            for (var i = 0; i < dataset.ItemCount; i++)
            {
                scores[i] = System.Numerics.Tensors.TensorPrimitives.Dot(result.UserVectors.AsSpan(u * 8, 8), result.Items[i]);
            }

            inCluster += Enumerable.Range(0, dataset.ItemCount).OrderByDescending(i => scores[i]).Take(5).Count(i => i % 4 == u % 4);
        }

        Assert.Null(result.Towers);
        Assert.True(inCluster > 0.7 * 5 * dataset.UserCount, $"{inCluster} of {5 * dataset.UserCount} top items in the user's cluster");
    }

    [Fact]
    public async Task The_train_command_writes_a_model_file_with_towers()
    {
        using var folder = new TempFolder();
        SyntheticCatalog.WriteMl100k(SyntheticCatalog.Create(), folder);
        var outPath = Path.Combine(folder.Path, "model.orm");
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await Program.RunAsync(["train", "--data", folder.Path, "--out", outPath, "--dim", "8", "--epochs", "2", "--batch", "64",
            "--negatives", "16", "--tower-epochs", "1", "--seed", "3", "--model-version", "9"], output, error, CancellationToken.None);

        Assert.True(code == 0, error.ToString());
        var model = ItemModelFile.Read(outPath);
        Assert.Equal(9, model.ModelVersion);
        Assert.Equal(8, model.Dimensions);
        Assert.NotNull(TowerSet.TryLoad(model));
        Assert.Contains("validation Recall@20", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Wrote model v9", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_train_command_rejects_an_unknown_loss()
    {
        var error = new StringWriter();

        var code = await Program.RunAsync(["train", "--out", "x.orm", "--loss", "hinge"], new StringWriter(), error, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Contains("--loss must be bpr or softmax", error.ToString(), StringComparison.Ordinal);
    }

    [MovieLensFact]
    public void Quick_training_on_ml100k_gives_a_loadable_model_with_towers()
    {
        var dataset = MovieLensLoader.Load(MovieLensFactAttribute.RequiredFolder);
        var split = Splits.GlobalTime(dataset.Interactions);
        var options = new HybridOptions { MaxEpochs = 2, Patience = 1, Towers = new TowerOptions { Epochs = 1 } };

        var result = HybridTraining.Fit(dataset, split.Train, options, ProgressLog.Silent);
        var towers = TowerSet.TryLoad(result.ToItemModel(1))!;

        Assert.True(result.Fit.BestValidationRecall20 > 0.05, $"validation Recall@20 {result.Fit.BestValidationRecall20}");
        Assert.Contains(result.TrainedItems, t => !t);
        Assert.Equal(64, towers.User!.Embed(TowerFeatures.AttributesOf(dataset.Users[0])).Length);
        Assert.Contains("technician", towers.User.Encoder.Occupations.Values);
        Assert.Equal(19, towers.Content!.Encoder.Genres.Values.Count);
    }
}
