using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansReco.Client;
using OrleansReco.Silo;
using OrleansReco.TestServices;

namespace OrleansReco.Client.Tests;

/// <summary>
/// The real embedded host (silo + HTTP gateway, demo catalog, memory storage) on free loopback ports, and a separate
/// client host built as an application would build it: <c>AddOrleansReco</c> with localhost clustering to the silo's
/// gateway port.
/// </summary>
public sealed class ClientFixture : IAsyncLifetime
{
    private WebApplication? _silo;
    private IHost? _client;

    /// <summary>The silo's gateway port (what clients connect to).</summary>
    public int GatewayPort { get; } = FreePorts.Next();

    /// <summary>The client under test.</summary>
    public IRecommendationClient Client { get; private set; } = null!;

    /// <summary>The silo's own grain factory, to look at state without going through the client.</summary>
    public IGrainFactory SiloGrains => _silo!.Services.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync()
    {
        _silo = EmbeddedHost.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--OrleansReco:Silo:SiloPort={FreePorts.Next()}",
            $"--OrleansReco:Silo:GatewayPort={GatewayPort}",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await _silo.StartAsync();

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddOrleansReco(options => options.GatewayPort = GatewayPort);
        _client = builder.Build();
        await _client.StartAsync();
        Client = _client.Services.GetRequiredService<IRecommendationClient>();
    }

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.StopAsync();
            _client.Dispose();
        }

        if (_silo is not null)
        {
            await _silo.StopAsync();
            await _silo.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClientCollection : ICollectionFixture<ClientFixture>
{
    public const string Name = "client-and-embedded-host";
}
