using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using OrleansReco.Grains.Catalog;
using OrleansReco.Grains.Hosting;
using OrleansReco.Grains.Users;
using OrleansReco.Learning;
using OrleansReco.Learning.Model;

namespace OrleansReco.Grains.Tests;

/// <summary>
/// A silo of its own for the model-rollover tests (they publish new model versions, which would disturb the shared
/// cluster): the catalog starts from a model file of 600 items in 12 genre clusters, d = 32, model version 1.
/// </summary>
public sealed class RolloverClusterFixture : IAsyncLifetime
{
    public const int Dimensions = 32;
    public const int Items = 600;
    public const int Genres = 12;

    private static readonly string Directory = Path.Combine(Path.GetTempPath(), $"orleansreco-rollover-{Environment.ProcessId}");

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public ItemModel FirstModel { get; } = BuildFirstModel();

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        ItemModelFile.Write(Path.Combine(Directory, "v1.orm"), FirstModel);
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static ItemModel BuildFirstModel()
    {
        var random = new DeterministicRandom(77);
        var centroids = new float[Genres * Dimensions];
        for (var i = 0; i < centroids.Length; i++)
        {
            centroids[i] = random.NextGaussian();
        }

        var entries = new List<ItemModelEntry>(Items);
        var vectors = new float[Items * Dimensions];
        for (var i = 0; i < Items; i++)
        {
            var genre = i % Genres;
            entries.Add(new ItemModelEntry($"item-{i}", $"Item {i}", [$"g{genre}"]));
            var row = vectors.AsSpan(i * Dimensions, Dimensions);
            for (var j = 0; j < Dimensions; j++)
            {
                row[j] = centroids[(genre * Dimensions) + j] + (0.8f * random.NextGaussian());
            }

            VectorMath.NormalizeInPlace(row);
        }

        return new ItemModel(1, Dimensions, entries, vectors);
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddOrleansRecoGrains();
            siloBuilder.AddMemoryGrainStorage(CatalogOptions.StorageName);
            siloBuilder.AddMemoryGrainStorage(UserGrainOptions.StorageName);
            siloBuilder.Services.Configure<CatalogOptions>(o =>
            {
                o.ModelPath = Path.Combine(Directory, "v1.orm");
                o.ModelDirectory = Path.Combine(Directory, "published");
            });
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RolloverClusterCollection : ICollectionFixture<RolloverClusterFixture>
{
    public const string Name = "rollover cluster";
}
