using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansReco.Abstractions;
using OrleansReco.Grains.Ranking;
using OrleansReco.Grains.Segments;

namespace OrleansReco.Grains.Tests;

/// <summary>
/// A cluster of its own for segment fits and segment ranking, so other tests' users do not enter its samples: the test
/// catalog, a k-anonymity floor of 5, samples of up to 64 users per flush, fits from 30 sampled users, background
/// flushes and refreshes rare (the tests flush and refresh themselves), and for ranking a short ANN list (10) with a
/// strong segment weight, so a segment item outside the user's own taste can be seen to come from the segment source.
/// </summary>
public sealed class SegmentClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public SegmentAssigner Assigner => ((InProcessSiloHandle)Cluster.Primary!).SiloHost!.Services.GetRequiredService<SegmentAssigner>();

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.StopAllSilosAsync();

    /// <summary>Ids of the catalog's items of <paramref name="genre"/> (item n is in genre (n − 1) mod 8).</summary>
    public static string[] ItemsOf(int genre) =>
        [.. Enumerable.Range(0, ClusterFixture.Items / ClusterFixture.Genres).Select(j => $"item-{(j * ClusterFixture.Genres) + genre + 1}")];

    /// <summary>Sends the assigner's batches and re-reads the segmentation.</summary>
    public async Task SyncSegmentsAsync()
    {
        await Assigner.FlushAsync();
        await Assigner.RefreshAsync();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            ClusterFixture.ConfigureSilo(siloBuilder);
            siloBuilder.Services.Configure<SegmentOptions>(o =>
            {
                (o.MinimumUsersShown, o.SamplePerFlush, o.FitMinimumUsers, o.FitMaxK) = (5, 64, 30, 6);
                (o.FlushSeconds, o.RefreshSeconds) = (3600, 3600);
            });
            siloBuilder.Services.Configure<RankingOptions>(o => (o.Candidates, o.EfSearch, o.SegmentWeight) = (10, 40, 2f));
        }
    }
}

/// <summary>Segment fits: a cluster whose only users are the fit tests'.</summary>
[CollectionDefinition(Name)]
public sealed class SegmentFitCollection : ICollectionFixture<SegmentClusterFixture>
{
    public const string Name = "segment-fit";
}

/// <summary>Segment ranking and cold start: a cluster of its own, so no fit re-seeds its segments.</summary>
[CollectionDefinition(Name)]
public sealed class SegmentRankingCollection : ICollectionFixture<SegmentClusterFixture>
{
    public const string Name = "segment-ranking";
}

/// <summary>The segment cluster with the scheduled fit on, every 2 seconds.</summary>
public sealed class ScheduledFitClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.StopAllSilosAsync();

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            ClusterFixture.ConfigureSilo(siloBuilder);
            siloBuilder.Services.Configure<SegmentOptions>(o =>
            {
                (o.SamplePerFlush, o.FitMinimumUsers, o.FitMaxK, o.FitIntervalHours) = (64, 10, 4, 2.0 / 3600);
                (o.FlushSeconds, o.RefreshSeconds) = (0.2, 1);
            });
        }
    }
}
