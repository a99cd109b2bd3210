using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansReco.Silo.Tests;

/// <summary>A host of its own (no other test's interactions) whose silo flushes and refreshes the audit every 0.2 s.</summary>
public sealed class AuditHostFixture : IAsyncLifetime
{
    private readonly EmbeddedHostFixture _host = new(new Dictionary<string, string>
    {
        ["OrleansReco:Audit:FlushSeconds"] = "0.2",
        ["OrleansReco:Audit:RefreshSeconds"] = "0.2",
    });

    public EmbeddedHostFixture Host => _host;

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();
}

public sealed class AuditDecileTests(AuditHostFixture fixture) : IClassFixture<AuditHostFixture>
{
    private HttpClient Http => fixture.Host.Http;

    private async Task<JsonElement> Audit() =>
        JsonDocument.Parse(await Http.GetStringAsync("/v1/audit")).RootElement;

    private async Task<string[]> Recommend(string user)
    {
        var response = await Http.GetAsync($"/v1/users/{user}/recommendations?k=5&diversify=false&explore=false");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("items")
            .EnumerateArray().Select(i => i.GetProperty("itemId").GetString()!).ToArray();
    }

    [Fact]
    public async Task Items_users_interacted_with_become_the_top_decile_and_their_exposures_are_counted_there()
    {
        // What a new user is shown first; then another user likes exactly those five items (equal popularity: all in D1).
        var shown = await Recommend("decile-probe");
        var likes = await Http.PostAsJsonAsync("/v1/users/decile-liker/interactions",
            new { interactions = shown.Select(item => new { itemId = item, type = "like" }).ToArray() });
        Assert.Equal(HttpStatusCode.OK, likes.StatusCode);

        // New users are shown the same popularity-direction list; once the silo has re-read the deciles, those exposures land in D1.
        var popular = new HashSet<string>(shown);
        long popularShown = 0, allShown = 0;
        var audit = await Audit();
        for (var n = 0; n < 100 && audit.GetProperty("popularityDecileExposure").GetProperty("D1").GetDouble() == 0; n++)
        {
            await Task.Delay(200);
            var items = await Recommend($"decile-viewer-{n}");
            (popularShown, allShown) = (popularShown + items.Count(popular.Contains), allShown + items.Length);
            audit = await Audit();
        }

        Assert.Equal(5, audit.GetProperty("popularItems").GetInt32());
        Assert.True(popularShown > 0, "the viewers were never shown a liked item");
        var d1 = audit.GetProperty("popularityDecileExposure").GetProperty("D1").GetDouble();
        Assert.InRange(d1, double.Epsilon, 1);
        Assert.Equal(d1, audit.GetProperty("popularShare").GetDouble(), 9);
        // Nothing else was interacted with, so every other exposure is in "none", never in D2–D10.
        Assert.Equal(1 - d1, audit.GetProperty("popularityDecileExposure").GetProperty("none").GetDouble(), 9);
    }
}
