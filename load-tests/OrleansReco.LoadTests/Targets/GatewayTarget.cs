using System.Net.Http.Json;
using System.Text.Json;
using OrleansReco.Abstractions;
using OrleansReco.LoadTests.Harness;

namespace OrleansReco.LoadTests.Targets;

/// <summary>
/// The HTTP gateway: <c>POST /v1/users/{id}/interactions</c> and <c>GET /v1/users/{id}/recommendations?k=</c> with the
/// <c>X-Api-Key</c> header. A non-success status is counted as <c>http_&lt;status&gt;</c> (the gateway's per-key rate
/// limit answers 429 beyond its configured permits per second).
/// </summary>
public sealed class GatewayTarget(Uri baseAddress, string apiKey) : ILoadTarget
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        BaseAddress = baseAddress,
        DefaultRequestHeaders = { { "X-Api-Key", apiKey } },
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <inheritdoc />
    public string Description => $"HTTP gateway {baseAddress}";

    /// <inheritdoc />
    public async ValueTask IngestAsync(string userId, Interaction[] interactions)
    {
        var body = new { interactions = Array.ConvertAll(interactions, i => new { itemId = i.ItemId, type = i.Type.ToString().ToLowerInvariant() }) };
        using var response = await _http.PostAsJsonAsync($"v1/users/{Uri.EscapeDataString(userId)}/interactions", body, Json);
        Check(response);
    }

    /// <inheritdoc />
    public async ValueTask RecommendAsync(string userId, int k)
    {
        using var response = await _http.GetAsync($"v1/users/{Uri.EscapeDataString(userId)}/recommendations?k={k}", HttpCompletionOption.ResponseContentRead);
        Check(response);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private static void Check(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new LoadTargetException($"http_{(int)response.StatusCode}", $"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}.");
        }
    }
}
