using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using OrleansReco.Grains.Catalog;
using OrleansReco.Grains.Hosting;
using OrleansReco.Grains.Users;
using OrleansReco.Learning;
using OrleansReco.Learning.Model;
using OrleansReco.Learning.Towers;

namespace OrleansReco.Grains.Tests;

/// <summary>
/// A second in-process silo whose catalog is a model file with cold-start towers: 60 items in three genres, d = 8,
/// seeded random user and content towers (what they output does not matter; that the grains use them does).
/// </summary>
public sealed class TowerClusterFixture : IAsyncLifetime
{
    public const int Dimensions = 8;
    public static readonly string[] Genres = ["Action", "Comedy", "Drama"];

    private static readonly string ModelPath = Path.Combine(Path.GetTempPath(), $"orleansreco-towers-{Environment.ProcessId}.orm");

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public TowerSet Towers { get; } = BuildTowers();

    public ItemModel Model { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Model = BuildModel(Towers);
        ItemModelFile.Write(ModelPath, Model);
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        File.Delete(ModelPath);
    }

    private static TowerSet BuildTowers()
    {
        var users = new UserFeatureEncoder(new NumericBuckets(UserFeatureEncoder.DefaultAgeEdges, 1, 120), new CategoryVocabulary(["F", "M"]),
            new CategoryVocabulary(["artist", "engineer", "student"]), 1, new CategoryVocabulary(["0", "1", "9"]), new CategoryVocabulary(["mobile", "web"]));
        var content = new ContentFeatureEncoder(new CategoryVocabulary(Genres), new NumericBuckets([1970, 1990, 2010], 1800, 2200));
        return new TowerSet(
            new ColdStartTower(users, RandomTower(users.FeatureCount, 16, 11)),
            new ContentTower(content, RandomTower(content.FeatureCount, 12, 12)));
    }

    private static ItemModel BuildModel(TowerSet towers)
    {
        var random = new DeterministicRandom(5);
        var entries = new List<ItemModelEntry>();
        var vectors = new float[60 * Dimensions];
        for (var i = 0; i < 60; i++)
        {
            var genre = Genres[i % Genres.Length];
            entries.Add(new ItemModelEntry($"m{i + 1}", $"{genre} film {i + 1} ({1980 + i})", [genre]));
            towers.Content!.Embed(entries[^1], vectors.AsSpan(i * Dimensions, Dimensions));
            for (var j = 0; j < Dimensions; j++)
            {
                vectors[(i * Dimensions) + j] += 0.3f * random.NextGaussian();
            }
        }

        var blobs = new Dictionary<string, TowerWeights>();
        var metadata = new Dictionary<string, string> { ["algorithm"] = "test" };
        towers.Write(blobs, metadata);
        return new ItemModel(3, Dimensions, entries, vectors, blobs, metadata);
    }

    private static DenseTower RandomTower(int inputs, int hidden, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        return new DenseTower([Layer(inputs, hidden, TowerActivation.Relu, ref random), Layer(hidden, Dimensions, TowerActivation.Identity, ref random)]);
    }

    private static DenseLayer Layer(int inputs, int outputs, TowerActivation activation, ref DeterministicRandom random)
    {
        var weights = new float[inputs * outputs];
        var bias = new float[outputs];
        for (var k = 0; k < weights.Length; k++)
        {
            weights[k] = 0.5f * random.NextGaussian();
        }

        for (var k = 0; k < bias.Length; k++)
        {
            bias[k] = 0.1f * random.NextGaussian();
        }

        return new DenseLayer(inputs, outputs, weights, bias, activation);
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddOrleansRecoGrains();
            siloBuilder.AddMemoryGrainStorage(CatalogOptions.StorageName);
            siloBuilder.AddMemoryGrainStorage(UserGrainOptions.StorageName);
            siloBuilder.Services.Configure<CatalogOptions>(o => o.ModelPath = ModelPath);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TowerClusterCollection : ICollectionFixture<TowerClusterFixture>
{
    public const string Name = "tower cluster";
}
