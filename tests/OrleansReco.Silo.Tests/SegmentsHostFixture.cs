namespace OrleansReco.Silo.Tests;

/// <summary>
/// A host of its own for segment fits (a fit re-seeds every segment, which the shared host's tests must not see): a floor
/// of 1, fits from 10 sampled users, flushes every 0.2 s and refreshes every second, so a test sees its users' reports promptly.
/// </summary>
public sealed class SegmentsHostFixture : IAsyncLifetime
{
    private readonly EmbeddedHostFixture _host = new(new Dictionary<string, string>
    {
        ["OrleansReco:Segments:MinimumUsersShown"] = "1",
        ["OrleansReco:Segments:FitMinimumUsers"] = "10",
        ["OrleansReco:Segments:FlushSeconds"] = "0.2",
        ["OrleansReco:Segments:RefreshSeconds"] = "1",
    });

    /// <summary>A client sending the admin key.</summary>
    public HttpClient Http => _host.Http;

    /// <summary>A new client sending <paramref name="apiKey"/> (none when null).</summary>
    public HttpClient Client(string? apiKey) => _host.Client(apiKey);

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SegmentsHostCollection : ICollectionFixture<SegmentsHostFixture>
{
    public const string Name = "segments-host";
}
