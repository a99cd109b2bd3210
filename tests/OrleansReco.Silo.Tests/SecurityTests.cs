using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OrleansReco.Silo.Tests;

[Collection(EmbeddedHostCollection.Name)]
public sealed class SecurityTests(EmbeddedHostFixture host)
{
    private static readonly object OneLike = new { interactions = new[] { new { itemId = "item-4", type = "like" } } };

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<long> InteractionCount(string user)
    {
        var response = await host.Http.GetAsync($"/v1/users/{user}");
        return response.StatusCode == HttpStatusCode.NotFound ? 0 : (await Json(response)).GetProperty("interactionCount").GetInt64();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    public async Task A_missing_or_unknown_key_is_a_401_problem_and_changes_nothing(string? key)
    {
        using var client = host.Client(key);

        var post = await client.PostAsJsonAsync("/v1/users/sec-401/interactions", OneLike);
        var get = await client.GetAsync("/v1/users/sec-401/recommendations");

        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal("application/problem+json", post.Content.Headers.ContentType?.MediaType);
        Assert.Equal(401, (await Json(post)).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        Assert.Equal(0, await InteractionCount("sec-401"));
    }

    [Fact]
    public async Task A_key_without_the_scope_is_a_403_problem_and_changes_nothing()
    {
        using var reader = host.Client(EmbeddedHostFixture.ReadKey);
        using var writer = host.Client(EmbeddedHostFixture.WriteKey);

        var readerWrites = await reader.PostAsJsonAsync("/v1/users/sec-403/interactions", OneLike);
        var writerReads = await writer.GetAsync("/v1/users/sec-403/recommendations");
        var readerAdmin = await reader.PostAsJsonAsync("/v1/items", new { items = new[] { new { id = "item-5", title = "Horror #1", categories = new[] { "Horror" } } } });
        var readerReads = await reader.GetAsync("/v1/users/sec-403/recommendations");

        Assert.Equal(HttpStatusCode.Forbidden, readerWrites.StatusCode);
        Assert.Equal(403, (await Json(readerWrites)).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, writerReads.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readerAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readerReads.StatusCode);
        Assert.Equal(0, await InteractionCount("sec-403"));
    }

    [Fact]
    public async Task An_oversized_body_is_a_413_problem_and_changes_nothing()
    {
        var huge = new StringContent("{\"interactions\":[" + string.Join(',', Enumerable.Repeat("{\"itemId\":\"item-4\"}", 80_000)) + "]}", Encoding.UTF8, "application/json");

        var response = await host.Http.PostAsync("/v1/users/sec-413/interactions", huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(413, (await Json(response)).GetProperty("status").GetInt32());
        Assert.Equal(0, await InteractionCount("sec-413"));
    }

    [Fact]
    public async Task Health_needs_no_key()
    {
        using var anonymous = host.Client(null);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
    }
}

/// <summary>A host of its own with a tiny token bucket (1 request/s, burst 3), so going over it does not depend on speed.</summary>
public sealed class RateLimitedHostFixture : IAsyncLifetime
{
    public const int Burst = 3;

    public EmbeddedHostFixture Host { get; } = new(new Dictionary<string, string>
    {
        ["OrleansReco:Gateway:PermitsPerSecond"] = "1",
        ["OrleansReco:Gateway:Burst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();
}

public sealed class RateLimitTests(RateLimitedHostFixture fixture) : IClassFixture<RateLimitedHostFixture>
{
    [Fact]
    public async Task Going_over_the_rate_limit_is_a_429_with_retry_after_and_other_keys_keep_their_own_bucket()
    {
        using var reader = fixture.Host.Client(EmbeddedHostFixture.ReadKey);
        using var writer = fixture.Host.Client(EmbeddedHostFixture.WriteKey);

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 20; i++)
        {
            responses.Add(await reader.GetAsync("/v1/items/item-1/similar?k=1"));
        }

        var other = await writer.PostAsJsonAsync("/v1/users/rate-other/interactions", new { interactions = new[] { new { itemId = "item-4" } } });

        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToArray();
        Assert.True(limited.Length >= 20 - RateLimitedHostFixture.Burst - 10, $"{limited.Length} of 20 requests were limited");
        Assert.All(limited, r => Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1)));
        Assert.Equal(429, JsonDocument.Parse(await limited[0].Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
        Assert.DoesNotContain(responses, r => (int)r.StatusCode >= 500);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}
