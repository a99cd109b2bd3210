using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansReco.Hosting;
using OrleansReco.TestServices;

namespace OrleansReco.Client.Tests;

/// <summary>Options of <c>AddOrleansReco</c>: validation names the option, values reach the Orleans client. No cluster needed.</summary>
public sealed class OptionsTests
{
    public static TheoryData<string, string> InvalidOptions => new()
    {
        { "gateway port 0", "GatewayPort" },
        { "gateway port 65536", "GatewayPort" },
        { "redis without connection string", "RedisConnectionString" },
        { "redis with a bad connection string", "RedisConnectionString" },
        { "empty cluster id", "ClusterId" },
        { "blank service id", "ServiceId" },
        { "zero response timeout", "ResponseTimeout" },
        { "negative connect timeout", "ConnectTimeout" },
        { "unknown clustering", "Clustering" },
    };

    private static void Break(OrleansRecoClientOptions options, string problem)
    {
        switch (problem)
        {
            case "gateway port 0": options.GatewayPort = 0; break;
            case "gateway port 65536": options.GatewayPort = 65536; break;
            case "redis without connection string": options.Clustering = ClusteringProvider.Redis; break;
            case "redis with a bad connection string": (options.Clustering, options.RedisConnectionString) = (ClusteringProvider.Redis, "127.0.0.1:6379,nonsense=1"); break;
            case "empty cluster id": options.ClusterId = ""; break;
            case "blank service id": options.ServiceId = " "; break;
            case "zero response timeout": options.ResponseTimeout = TimeSpan.Zero; break;
            case "negative connect timeout": options.ConnectTimeout = TimeSpan.FromSeconds(-1); break;
            case "unknown clustering": options.Clustering = (ClusteringProvider)42; break;
            default: throw new ArgumentOutOfRangeException(nameof(problem), problem, null);
        }
    }

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Invalid_options_throw_naming_the_option(string problem, string option)
    {
        var error = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddOrleansReco(o => Break(o, problem)));

        Assert.Contains($"{nameof(OrleansRecoClientOptions)}.{option}", error.Message);
        Assert.Single(error.Failures);
    }

    [Fact]
    public void Every_invalid_option_is_named_at_once()
    {
        var error = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddOrleansReco(o => (o.GatewayPort, o.ClusterId) = (-1, "")));

        Assert.Contains("GatewayPort", error.Message);
        Assert.Contains("ClusterId", error.Message);
    }

    [Fact]
    public void Redis_clustering_needs_no_gateway_port()
    {
        var services = new ServiceCollection().AddOrleansReco(o => (o.Clustering, o.RedisConnectionString, o.GatewayPort) = (ClusteringProvider.Redis, "127.0.0.1:6379", 0));

        Assert.Contains(services, s => s.ServiceType == typeof(IRecommendationClient));
    }

    [Fact]
    public void The_options_reach_the_orleans_client()
    {
        using var provider = new ServiceCollection().AddOrleansReco(o =>
        {
            (o.GatewayPort, o.ClusterId, o.ServiceId) = (31234, "my-cluster", "my-service");
            o.ResponseTimeout = TimeSpan.FromSeconds(7);
        }).BuildServiceProvider();

        var cluster = provider.GetRequiredService<IOptions<ClusterOptions>>().Value;
        Assert.Equal(("my-cluster", "my-service"), (cluster.ClusterId, cluster.ServiceId));
        Assert.Equal(TimeSpan.FromSeconds(7), provider.GetRequiredService<IOptions<ClientMessagingOptions>>().Value.ResponseTimeout);
        var gateway = Assert.Single(provider.GetRequiredService<IOptions<StaticGatewayListProviderOptions>>().Value.Gateways);
        Assert.Equal(31234, gateway.Port);
        Assert.IsType<RecommendationClient>(provider.GetRequiredService<IRecommendationClient>());
    }

    [Fact]
    public void The_defaults_join_the_embedded_profile_of_the_silo()
    {
        var options = new OrleansRecoClientOptions();
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "cluster-config", "embedded", "appsettings.json")));
        var silo = file.RootElement.GetProperty("OrleansReco").GetProperty("Silo");

        Assert.Empty(options.Validate());
        Assert.Equal(ClusteringProvider.Localhost, options.Clustering);
        Assert.Equal(silo.GetProperty("GatewayPort").GetInt32(), options.GatewayPort);
        Assert.Equal(silo.GetProperty("ClusterId").GetString(), options.ClusterId);
        Assert.Equal(silo.GetProperty("ServiceId").GetString(), options.ServiceId);
    }

    [Fact]
    public void Options_bind_from_the_OrleansReco_Client_section()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = ["--OrleansReco:Client:GatewayPort=70000"] });

        var error = Assert.Throws<OptionsValidationException>(() => builder.AddOrleansReco());

        Assert.Contains("GatewayPort", error.Message);
        Assert.Contains("70000", error.Message);
    }

    [Fact]
    public async Task Starting_without_a_reachable_gateway_fails_within_the_connect_timeout()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddOrleansReco(o => (o.GatewayPort, o.ConnectTimeout) = (FreePorts.Next(), TimeSpan.FromSeconds(2)));
        using var host = builder.Build();
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OrleansException>(() => host.StartAsync());

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Adding_the_client_twice_is_refused()
    {
        var services = new ServiceCollection().AddOrleansReco(_ => { });

        Assert.Throws<InvalidOperationException>(() => services.AddOrleansReco(_ => { }));
    }
}
