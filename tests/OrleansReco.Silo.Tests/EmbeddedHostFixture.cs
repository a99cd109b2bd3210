using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using OrleansReco.TestServices;

namespace OrleansReco.Silo.Tests;

/// <summary>
/// The real embedded host (silo + gateway, demo catalog) in this process through <see cref="WebApplicationFactory{TEntryPoint}"/>:
/// <c>Program</c> as the README's run command starts it, on free silo ports, with three test API keys; shared across the collection.
/// </summary>
public sealed class EmbeddedHostFixture : IAsyncLifetime
{
    /// <summary>A key with every scope; <see cref="Http"/> sends it.</summary>
    public const string AdminKey = "test-admin-key";

    /// <summary>A key with the read scope only.</summary>
    public const string ReadKey = "test-read-key";

    /// <summary>A key with the write scope only.</summary>
    public const string WriteKey = "test-write-key";

    private readonly Dictionary<string, string> _settings;
    private WebApplicationFactory<Program>? _factory;

    /// <summary>The host as the README runs it, with the test keys.</summary>
    public EmbeddedHostFixture()
        : this(new Dictionary<string, string>())
    {
    }

    /// <summary>The same with more settings.</summary>
    internal EmbeddedHostFixture(IReadOnlyDictionary<string, string> extraSettings)
    {
        _settings = new Dictionary<string, string>
        {
            ["OrleansReco:Silo:SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["OrleansReco:Silo:GatewayPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
            ["OrleansReco:Gateway:DevelopmentKey"] = "false",
        };
        AddKey(0, "admin", AdminKey, "admin");
        AddKey(1, "reader", ReadKey, "read");
        AddKey(2, "writer", WriteKey, "write");
        foreach (var (key, value) in extraSettings)
        {
            _settings[key] = value;
        }
    }

    /// <summary>A client sending <see cref="AdminKey"/>.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The host's services (the silo's and the gateway's: one container).</summary>
    public IServiceProvider Services => _factory!.Services;

    /// <summary>The gateway's base address.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A new client of the gateway sending <paramref name="apiKey"/> (none when null).</summary>
    public HttpClient Client(string? apiKey)
    {
        var client = _factory!.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.Timeout = TimeSpan.FromSeconds(30);
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    public Task InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in _settings)
            {
                builder.UseSetting(key, value);
            }
        });
        Http = Client(AdminKey);
        BaseAddress = Http.BaseAddress!;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    private void AddKey(int index, string name, string key, string scope)
    {
        _settings[$"OrleansReco:Gateway:ApiKeys:{index}:Name"] = name;
        _settings[$"OrleansReco:Gateway:ApiKeys:{index}:KeyHash"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        _settings[$"OrleansReco:Gateway:ApiKeys:{index}:Scopes:0"] = scope;
    }
}

[CollectionDefinition(Name)]
public sealed class EmbeddedHostCollection : ICollectionFixture<EmbeddedHostFixture>
{
    public const string Name = "embedded-host";
}
