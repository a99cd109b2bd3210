using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansReco.Silo.Tests;

[Collection(EmbeddedHostCollection.Name)]
public sealed class AuditApiTests(EmbeddedHostFixture host)
{
    private HttpClient Http => host.Http;

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<JsonElement> Audit()
    {
        var response = await Http.GetAsync("/v1/audit");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Json(response);
    }

    /// <summary>Polls the audit until <paramref name="done"/> holds: silos flush their counts every 2 s.</summary>
    private async Task<JsonElement> AuditWhen(Func<JsonElement, bool> done)
    {
        var audit = await Audit();
        for (var attempt = 0; attempt < 120 && !done(audit); attempt++)
        {
            await Task.Delay(250);
            audit = await Audit();
        }

        return audit;
    }

    private async Task ShowRecommendations(string user, string gender, int k)
    {
        var demographics = await Http.PutAsJsonAsync($"/v1/users/{user}/demographics", new { age = 30, gender, occupation = "writer" });
        Assert.Equal(HttpStatusCode.OK, demographics.StatusCode);
        var response = await Http.GetAsync($"/v1/users/{user}/recommendations?k={k}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(k, (await Json(response)).GetProperty("items").GetArrayLength());
    }

    private static JsonElement? GroupOf(JsonElement audit, string dimension, string group) =>
        audit.GetProperty("groups").EnumerateArray()
            .Where(g => g.GetProperty("dimension").GetString() == dimension && g.GetProperty("group").GetString() == group)
            .Select(g => (JsonElement?)g).FirstOrDefault();

    [Fact]
    public async Task Recommendations_shown_move_the_exposure_counts_and_small_groups_stay_hidden()
    {
        var before = await Audit();
        var lists = before.GetProperty("lists").GetInt64();
        var exposures = before.GetProperty("exposures").GetInt64();
        await Http.PostAsJsonAsync("/v1/users/audit-liker/interactions", new { interactions = new[] { new { itemId = "item-4", type = "like" } } });

        // 20 users of one group (the floor), one of another, 5 items each.
        for (var u = 0; u < 20; u++)
        {
            await ShowRecommendations($"audit-shown-{u}", "audit-shown", k: 5);
        }

        await ShowRecommendations("audit-alone", "audit-alone", k: 5);
        var after = await AuditWhen(a => a.GetProperty("lists").GetInt64() >= lists + 21 && GroupOf(a, "gender", "AUDIT-ALONE") is not null);

        Assert.True(after.GetProperty("lists").GetInt64() >= lists + 21);
        Assert.True(after.GetProperty("exposures").GetInt64() >= exposures + 105);
        var shares = after.GetProperty("popularityDecileExposure").EnumerateObject().ToList();
        Assert.Equal(["D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8", "D9", "D10", "none"], shares.Select(p => p.Name));
        Assert.Equal(1.0, shares.Sum(p => p.Value.GetDouble()), 9);
        Assert.InRange(after.GetProperty("coverage").GetDouble(), 5.0 / 1000, 1);
        Assert.InRange(after.GetProperty("gini").GetDouble(), 0, 1);
        Assert.Equal(1000, after.GetProperty("catalogItems").GetInt32());

        var shown = GroupOf(after, "gender", "AUDIT-SHOWN")!.Value;
        Assert.False(shown.GetProperty("hidden").GetBoolean());
        Assert.Equal(20, shown.GetProperty("users").GetInt64());
        Assert.Equal(20, shown.GetProperty("lists").GetInt64());
        Assert.Equal(100, shown.GetProperty("exposures").GetInt64());
        Assert.InRange(shown.GetProperty("popularShare").GetDouble(), 0, 1);
        var alone = GroupOf(after, "gender", "AUDIT-ALONE")!.Value;
        Assert.True(alone.GetProperty("hidden").GetBoolean());
        Assert.Equal(JsonValueKind.Null, alone.GetProperty("users").ValueKind);
        Assert.Equal(JsonValueKind.Null, alone.GetProperty("exposures").ValueKind);
    }

    [Fact]
    public async Task The_audit_needs_an_admin_key()
    {
        using var anonymous = host.Client(null);
        using var reader = host.Client(EmbeddedHostFixture.ReadKey);
        using var writer = host.Client(EmbeddedHostFixture.WriteKey);

        var none = await anonymous.GetAsync("/v1/audit");
        var read = await reader.GetAsync("/v1/audit");
        var write = await writer.GetAsync("/v1/audit");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(403, (await Json(read)).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/v1/audit")).StatusCode);
    }
}
