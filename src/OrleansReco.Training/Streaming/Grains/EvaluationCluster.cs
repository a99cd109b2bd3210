using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansReco.Grains.Hosting;
using OrleansReco.Grains.Users;
using OrleansReco.Learning;

namespace OrleansReco.Training.Streaming.Grains;

/// <summary>
/// A real single-silo Orleans cluster in this process (loopback, free ports, memory storage) serving the
/// catalog from a model file, so the streaming evaluation runs the production grain code path.
/// </summary>
public sealed class EvaluationCluster : IAsyncDisposable
{
    private readonly IHost _host;

    private EvaluationCluster(IHost host) => _host = host;

    /// <summary>Grain factory of the running silo.</summary>
    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Starts a silo whose catalog is <paramref name="modelPath"/> and whose clock is <paramref name="clock"/>.</summary>
    public static async Task<EvaluationCluster> StartAsync(string modelPath, OnlineLearnerOptions learner, TimeProvider clock, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(Settings(modelPath, learner));
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Error).AddConsole();
        builder.UseOrleans(silo =>
        {
            var (siloPort, gatewayPort) = TwoFreePorts();
            silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: "orleansreco-eval", clusterId: "orleansreco-eval");
            silo.AddMemoryGrainStorage(UserGrainOptions.StorageName);
            silo.AddMemoryGrainStorage(OrleansReco.Grains.Catalog.CatalogOptions.StorageName);
            silo.AddOrleansRecoGrains();
            silo.Services.AddSingleton(new OrleansReco.Grains.RecoClock(clock));
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return new EvaluationCluster(host);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
    }

    private static Dictionary<string, string?> Settings(string modelPath, OnlineLearnerOptions learner) => new()
    {
        ["OrleansReco:Catalog:ModelPath"] = modelPath,
        // Protocol P excludes everything a user ever interacted with, so the seen set must not forget.
        ["OrleansReco:Users:SeenCapacity"] = "100000",
        // Offline accuracy is measured on the relevance ranking: no MMR re-ordering, no exploratory slots.
        ["OrleansReco:Ranking:Diversify"] = "false",
        ["OrleansReco:Ranking:Epsilon"] = "0",
        ["OrleansReco:Learner:Loss"] = learner.Loss.ToString(),
        ["OrleansReco:Learner:Optimizer"] = learner.Optimizer.ToString(),
        ["OrleansReco:Learner:LearningRate"] = learner.LearningRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["OrleansReco:Learner:StepsPerEvent"] = learner.StepsPerEvent.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["OrleansReco:Learner:NegativeSamples"] = learner.NegativeSamples.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["OrleansReco:Learner:ReplaySamples"] = learner.ReplaySamples.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["OrleansReco:Learner:ShortTermBeta"] = learner.ShortTermBeta.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["OrleansReco:Learner:ShortTermDecay"] = learner.ShortTermDecay.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["OrleansReco:Learner:BaselinePull"] = learner.BaselinePull.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["OrleansReco:Learner:MaxNorm"] = learner.MaxNorm.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Two distinct free ports (the OS may hand the same free port to two consecutive probes).</summary>
    private static (int, int) TwoFreePorts()
    {
        var first = FreePort();
        var second = FreePort();
        while (second == first)
        {
            second = FreePort();
        }

        return (first, second);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
