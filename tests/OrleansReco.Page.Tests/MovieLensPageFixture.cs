using OrleansReco.Learning.Model;
using OrleansReco.Training;
using OrleansReco.Training.Data;
using OrleansReco.Training.Models;

namespace OrleansReco.Page.Tests;

/// <summary>
/// The embedded host serving an iALS model trained here on ml-100k (MovieLens may not be redistributed, so the model is
/// built from the local copy at start and deleted after), and its own headless chromium. Nothing starts without the data.
/// </summary>
public sealed class MovieLensPageFixture : PageFixture
{
    /// <summary>The ml-100k folder, or null (the tests using this fixture are skipped then).</summary>
    public static string? DatasetFolder { get; } = DatasetLocator.Find("ml-100k");

    private readonly string _modelFolder = Path.Combine(Path.GetTempPath(), $"orleansreco-page-{Guid.NewGuid():N}");

    protected override bool CanStart => DatasetFolder is not null;

    protected override async Task<string[]> PrepareAsync()
    {
        Directory.CreateDirectory(_modelFolder);
        var modelPath = Path.Combine(_modelFolder, "ml-100k.orm");
        await Task.Run(() => ExportModel(DatasetFolder!, modelPath));
        return [$"--OrleansReco:Catalog:ModelPath={modelPath}"];
    }

    private static void ExportModel(string folder, string path)
    {
        var dataset = MovieLensLoader.Load(folder);
        var matrix = InteractionMatrix.From(dataset.Interactions, dataset.UserCount, dataset.ItemCount);
        var als = new ImplicitAls(new IalsOptions());
        als.Fit(matrix, new ProgressLog(null));
        ItemModelFile.Write(path, ItemModelExport.FromIals(dataset, als, modelVersion: 100, dataset.Interactions.Length));
    }

    protected override void CleanUp()
    {
        if (Directory.Exists(_modelFolder))
        {
            Directory.Delete(_modelFolder, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class MovieLensPageCollection : ICollectionFixture<MovieLensPageFixture>
{
    public const string Name = "page-movielens";
}

/// <summary>A browser test that needs ml-100k: skipped, saying how to get it, when the data is absent.</summary>
public sealed class MovieLensPageFactAttribute : FactAttribute
{
    public MovieLensPageFactAttribute()
    {
        if (MovieLensPageFixture.DatasetFolder is null)
        {
            Skip = "ml-100k not found. " + MovieLensLoader.DownloadHint;
        }
    }
}
