using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using OrleansReco.Silo;

namespace OrleansReco.Silo.Tests;

/// <summary>
/// Starts the real embedded host (silo + gateway, demo catalog) in this process on free loopback
/// ports, exactly as the README's run command does, and shares it across the collection.
/// </summary>
public sealed class EmbeddedHostFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = EmbeddedHost.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--OrleansReco:Silo:SiloPort={FreePort()}",
            $"--OrleansReco:Silo:GatewayPort={FreePort()}",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class EmbeddedHostCollection : ICollectionFixture<EmbeddedHostFixture>
{
    public const string Name = "embedded-host";
}
