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
    private readonly string[] _extraArguments;

    /// <summary>The host as the README runs it, with the test keys.</summary>
    public EmbeddedHostFixture()
        : this([])
    {
    }

    /// <summary>The same with more command-line settings.</summary>
    internal EmbeddedHostFixture(string[] extraArguments) => _extraArguments = extraArguments;

    /// <summary>A key with every scope; <see cref="Http"/> sends it.</summary>
    public const string AdminKey = "test-admin-key";

    /// <summary>A key with the read scope only.</summary>
    public const string ReadKey = "test-read-key";

    /// <summary>A key with the write scope only.</summary>
    public const string WriteKey = "test-write-key";

    private WebApplication? _app;

    /// <summary>A client sending <see cref="AdminKey"/>.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The gateway's base address.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A new client of the gateway sending <paramref name="apiKey"/> (none when null).</summary>
    public HttpClient Client(string? apiKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    public async Task InitializeAsync()
    {
        _app = EmbeddedHost.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--OrleansReco:Silo:SiloPort={FreePort()}",
            $"--OrleansReco:Silo:GatewayPort={FreePort()}",
            "--Logging:LogLevel:Default=Warning",
            "--OrleansReco:Gateway:DevelopmentKey=false",
            .. Key(0, "admin", AdminKey, "admin"),
            .. Key(1, "reader", ReadKey, "read"),
            .. Key(2, "writer", WriteKey, "write"),
            .. _extraArguments,
        ]);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address);
        Http = Client(AdminKey);
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

    private static string[] Key(int index, string name, string key, string scope) =>
    [
        $"--OrleansReco:Gateway:ApiKeys:{index}:Name={name}",
        $"--OrleansReco:Gateway:ApiKeys:{index}:KeyHash={Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))}",
        $"--OrleansReco:Gateway:ApiKeys:{index}:Scopes:0={scope}",
    ];

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
