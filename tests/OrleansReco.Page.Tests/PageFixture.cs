using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OrleansReco.Gateway.Apis;
using OrleansReco.Silo;
using OrleansReco.TestServices;

namespace OrleansReco.Page.Tests;

/// <summary>
/// The real embedded host (silo + gateway, demo catalog) in this process on free loopback ports, and one headless
/// Debian chromium (installed by <c>scripts/install-chromium.sh</c> when missing) shared by the collection.
/// </summary>
public class PageFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium; Playwright's own browser download is never used (the machine is offline).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>No sandbox (root), and no background connections, which a closed network refuses.</summary>
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    /// <summary>How long an expectation waits: generous, as shared CI machines can be slow (a pass is usually instant).</summary>
    public const float ExpectTimeoutMs = 20_000;

    private WebApplication? _app;
    private IPlaywright? _playwright;

    /// <summary>The gateway's address, ending in '/'.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The API key (admin scope) the host accepts; the page keeps it in localStorage.</summary>
    public const string ApiKey = "page-test-key";

    /// <summary>A script that gives a new page context the key before the page loads.</summary>
    public const string StoreApiKeyScript = "localStorage.setItem('orleansreco.apiKey', '" + ApiKey + "')";

    /// <summary>Plain HTTP to the gateway (sends <see cref="ApiKey"/>).</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The shared browser; give each test its own context.</summary>
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!CanStart)
        {
            return;
        }

        var chromium = ServiceInstaller.EnsureAsync("install-chromium.sh", () => File.Exists(ChromiumPath));
        _app = EmbeddedHost.Build(HostArguments(await PrepareAsync()));
        await Task.WhenAll(_app.StartAsync(), chromium);

        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First() + "/";
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        Assertions.SetDefaultExpectTimeout(ExpectTimeoutMs);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
    }

    /// <summary>False when what the host needs is missing (its tests are skipped then).</summary>
    protected virtual bool CanStart => true;

    /// <summary>Work before the host starts; returns extra host arguments.</summary>
    protected virtual Task<string[]> PrepareAsync() => Task.FromResult<string[]>([]);

    /// <summary>Work after the host stopped.</summary>
    protected virtual void CleanUp()
    {
    }

    /// <summary>The embedded host on free loopback ports with <see cref="ApiKey"/> (admin) as its only key.</summary>
    private static string[] HostArguments(IEnumerable<string> extra) =>
    [
        "--urls", "http://127.0.0.1:0",
        $"--OrleansReco:Silo:SiloPort={FreePorts.Next()}",
        $"--OrleansReco:Silo:GatewayPort={FreePorts.Next()}",
        "--Logging:LogLevel:Default=Warning",
        "--OrleansReco:Gateway:DevelopmentKey=false",
        "--OrleansReco:Gateway:ApiKeys:0:Name=page-test",
        $"--OrleansReco:Gateway:ApiKeys:0:KeyHash={Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ApiKey)))}",
        "--OrleansReco:Gateway:ApiKeys:0:Scopes:0=admin",
        .. extra,
    ];

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

        CleanUp();
    }
}

[CollectionDefinition(Name)]
public sealed class PageCollection : ICollectionFixture<PageFixture>
{
    public const string Name = "page";
}
