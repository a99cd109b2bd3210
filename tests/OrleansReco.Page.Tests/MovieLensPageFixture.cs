using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OrleansReco.Learning.Model;
using OrleansReco.Silo;
using OrleansReco.TestServices;
using OrleansReco.Training;
using OrleansReco.Training.Data;
using OrleansReco.Training.Models;

namespace OrleansReco.Page.Tests;

/// <summary>
/// The embedded host serving an iALS model trained here on ml-100k (MovieLens may not be redistributed, so the model is
/// built from the local copy at start and deleted after), and its own headless chromium. Nothing starts without the data.
/// </summary>
public sealed class MovieLensPageFixture : IAsyncLifetime
{
    /// <summary>The ml-100k folder, or null (the tests using this fixture are skipped then).</summary>
    public static string? DatasetFolder { get; } = DatasetLocator.Find("ml-100k");

    private readonly string _modelFolder = Path.Combine(Path.GetTempPath(), $"orleansreco-page-{Guid.NewGuid():N}");
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";

    public HttpClient Http { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (DatasetFolder is null)
        {
            return;
        }

        var chromium = ServiceInstaller.EnsureAsync("install-chromium.sh", () => File.Exists(PageFixture.ChromiumPath));
        Directory.CreateDirectory(_modelFolder);
        var modelPath = Path.Combine(_modelFolder, "ml-100k.orm");
        await Task.Run(() => ExportModel(DatasetFolder, modelPath));
        _app = EmbeddedHost.Build(PageFixture.HostArguments([$"--OrleansReco:Catalog:ModelPath={modelPath}"]));
        await Task.WhenAll(_app.StartAsync(), chromium);

        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First() + "/";
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", PageFixture.ApiKey);
        Assertions.SetDefaultExpectTimeout(PageFixture.ExpectTimeoutMs);
        _playwright = await Playwright.CreateAsync();
        Browser = await PageFixture.LaunchAsync(_playwright);
    }

    private static void ExportModel(string folder, string path)
    {
        var dataset = MovieLensLoader.Load(folder);
        var matrix = InteractionMatrix.From(dataset.Interactions, dataset.UserCount, dataset.ItemCount);
        var als = new ImplicitAls(new IalsOptions());
        als.Fit(matrix, new ProgressLog(null));
        ItemModelFile.Write(path, ItemModelExport.FromIals(dataset, als, modelVersion: 100, dataset.Interactions.Length));
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

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
